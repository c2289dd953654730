// One cross-shard call (see submit_to.hpp): its state lives in the caller's
// coroutine frame; the request runs on the target shard, stores the result
// in that state and sends a reply that resumes the caller. The rings'
// release/acquire pairs order the target's write before the caller's read.
#pragma once

#include <coroutine>
#include <exception>
#include <optional>
#include <type_traits>
#include <utility>

#include <cio/runtime.hpp>
#include <cio/shard/detail/outgoing.hpp>
#include <cio/shard/shard.hpp>
#include <cio/task.hpp>

namespace cio::shard::detail {

template <typename T>
struct TaskValue {
  using type = T;
  static constexpr bool is_task = false;
};
template <typename T>
struct TaskValue<Task<T>> {
  using type = T;
  static constexpr bool is_task = true;
};

// What submit_to(shard, fn) delivers: fn's result, or what its Task yields.
template <typename F>
using CallValue = typename TaskValue<std::invoke_result_t<F&>>::type;
template <typename F>
inline constexpr bool returns_task = TaskValue<std::invoke_result_t<F&>>::is_task;

class CallBase {
 public:
  CallBase() noexcept = default;
  CallBase(const CallBase&) = delete;
  CallBase& operator=(const CallBase&) = delete;

  // Awaiting the call waits for the reply.
  auto operator co_await() & noexcept {
    struct Awaiter {
      CallBase& call;
      bool await_ready() const noexcept { return call.done_; }
      void await_suspend(std::coroutine_handle<> waiter) noexcept { call.waiter_ = waiter; }
      void await_resume() const noexcept {}
    };
    return Awaiter{*this};
  }

  Outgoing request;

 protected:
  // On the target shard, once the result or error is stored.
  void reply() noexcept {
    reply_.message = Message([this] {
      done_ = true;
      if (waiter_) Runtime::current().schedule(waiter_);
    });
    send(home_, reply_);
  }

  std::exception_ptr error_;
  unsigned home_ = this_shard();

 private:
  Outgoing reply_;
  std::coroutine_handle<> waiter_;
  bool done_ = false;
};

template <typename R>
class Call : public CallBase {
 public:
  R take() {
    if (error_) std::rethrow_exception(error_);
    if constexpr (!std::is_void_v<R>) return std::move(*value_);
  }

  // Runs `fn` here (the target shard) and replies.
  template <typename F>
  void run(F& fn) noexcept {
    try {
      if constexpr (std::is_void_v<R>) {
        fn();
      } else {
        value_.emplace(fn());
      }
    } catch (...) {
      error_ = std::current_exception();
    }
    reply();
  }

  // The same for a coroutine fn: a task on the target awaits it.
  template <typename F>
  static Task<void> run_async(Call* call, F fn) {
    try {
      if constexpr (std::is_void_v<R>) {
        co_await fn();
      } else {
        call->value_.emplace(co_await fn());
      }
    } catch (...) {
      call->error_ = std::current_exception();
    }
    call->reply();
  }

 private:
  std::optional<std::conditional_t<std::is_void_v<R>, bool, R>> value_;
};

// Sends `fn` to run on `shard` for `call`. `fn` is moved into the message.
template <typename F>
void start_call(Call<CallValue<F>>& call, unsigned shard, F fn) {
  call.request.message = Message([call = &call, fn = std::move(fn)]() mutable {
    if constexpr (returns_task<F>) {
      Runtime::current().spawn(Call<CallValue<F>>::run_async(call, std::move(fn)));
    } else {
      call->run(fn);
    }
  });
  send(shard, call.request);
}

// Runs `fn` on the calling shard, awaiting it if it is a coroutine.
template <typename F>
Task<CallValue<F>> run_here(F& fn) {
  if constexpr (returns_task<F>) {
    co_return co_await fn();
  } else {
    co_return fn();
  }
}

}  // namespace cio::shard::detail
