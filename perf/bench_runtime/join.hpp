// Join: one coroutine awaits until `count` others called arrive(). The bench
// needs a join that costs no IO and no allocation, so that it measures only
// what it compares.
#pragma once

#include <coroutine>
#include <cstddef>

#include <cio/core/runtime.hpp>

namespace cio::bench {

class Join {
 public:
  explicit Join(size_t count) noexcept : remaining_(count) {}
  Join(const Join&) = delete;
  Join& operator=(const Join&) = delete;

  void arrive() noexcept {
    if (--remaining_ == 0 && waiter_) Runtime::current().schedule(waiter_);
  }

  bool await_ready() const noexcept { return remaining_ == 0; }
  void await_suspend(std::coroutine_handle<> waiter) noexcept { waiter_ = waiter; }
  void await_resume() const noexcept {}

 private:
  size_t remaining_;
  std::coroutine_handle<> waiter_;
};

}  // namespace cio::bench
