/// @file
/// ReadyQueue: the shard's FIFO of coroutines ready to run. A power-of-two
/// ring that doubles when full (rare; amortised no allocation), no locks, no
/// atomics: only its own shard touches it.
#pragma once

#include <coroutine>
#include <cstddef>
#include <vector>

namespace cio {

class ReadyQueue {
 public:
  explicit ReadyQueue(size_t capacity = 1024);

  void push(std::coroutine_handle<> handle) {
    if (size_ == slots_.size()) grow();
    slots_[(head_ + size_) & (slots_.size() - 1)] = handle;
    ++size_;
  }
  std::coroutine_handle<> pop() noexcept {
    std::coroutine_handle<> handle = slots_[head_];
    head_ = (head_ + 1) & (slots_.size() - 1);
    --size_;
    return handle;
  }
  bool empty() const noexcept { return size_ == 0; }
  size_t size() const noexcept { return size_; }

 private:
  void grow();

  std::vector<std::coroutine_handle<>> slots_;
  size_t head_ = 0;
  size_t size_ = 0;
};

}  // namespace cio
