// One cross-shard call (see submit_to.hpp). The callable, its arguments and
// the result all live in the caller's coroutine frame; the request message
// carries two pointers (so it never allocates), runs the callable on the
// target shard, stores the result and sends a reply that resumes the caller.
// The rings' release/acquire pairs order the target's writes before the
// caller's reads.
#pragma once

#include <coroutine>
#include <exception>
#include <functional>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>

#include <cio/core/runtime.hpp>
#include <cio/core/task.hpp>
#include <cio/shard/detail/outgoing.hpp>
#include <cio/shard/shard.hpp>

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

// A callable with its arguments, decayed copies of both. Invoking it passes
// the arguments as rvalues (as std::thread does), so fn may take them by
// value, by const reference or by rvalue reference; each is used once.
template <typename F, typename... Args>
class Bound {
 public:
  template <typename G, typename... A>
  requires(!std::is_same_v<std::remove_cvref_t<G>, Bound>) explicit Bound(G&& fn, A&&... args)
      : fn_(std::forward<G>(fn)), args_(std::forward<A>(args)...) {}

  decltype(auto) operator()() {
    return std::apply([this](Args&... args) { return std::invoke(fn_, std::move(args)...); },
                      args_);
  }

 private:
  F fn_;
  std::tuple<Args...> args_;
};

template <typename F, typename... Args>
Bound(F&&, Args&&...) -> Bound<std::decay_t<F>, std::decay_t<Args>...>;

// What a call of `fn` delivers: fn's result, or what its Task yields.
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

 protected:
  // On the target shard, once the result or error is stored.
  void reply() noexcept {
    reply_.message = Message([this] {
      done_ = true;
      if (waiter_) Runtime::current().schedule(waiter_);
    });
    send(home_, reply_);
  }

  Outgoing request_;
  std::exception_ptr error_;
  unsigned home_ = this_shard();

 private:
  Outgoing reply_;
  std::coroutine_handle<> waiter_;
  bool done_ = false;
};

// A call of `fn` (a Bound, kept by the caller) on another shard.
template <typename F>
class Call : public CallBase {
 public:
  using Value = CallValue<F>;

  // Sends fn to run on `shard`. fn must outlive the reply.
  void start(unsigned shard, F& fn) noexcept {
    request_.message = Message([this, &fn] { run(fn); });
    send(shard, request_);
  }

  Value take() {
    if (error_) std::rethrow_exception(error_);
    if constexpr (!std::is_void_v<Value>) return std::move(*value_);
  }

 private:
  // On the target shard.
  void run(F& fn) noexcept {
    if constexpr (returns_task<F>) {
      Runtime::current().spawn(run_async(this, &fn));
    } else {
      try {
        if constexpr (std::is_void_v<Value>) {
          fn();
        } else {
          value_.emplace(fn());
        }
      } catch (...) {
        error_ = std::current_exception();
      }
      reply();
    }
  }

  // A coroutine fn: a task on the target awaits it, then replies.
  static Task<void> run_async(Call* call, F* fn) {
    try {
      if constexpr (std::is_void_v<Value>) {
        co_await (*fn)();
      } else {
        call->value_.emplace(co_await (*fn)());
      }
    } catch (...) {
      call->error_ = std::current_exception();
    }
    call->reply();
  }

  std::optional<std::conditional_t<std::is_void_v<Value>, bool, Value>> value_;
};

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
