/// @file
/// co_await cio::stopped(token): waits until the token's source is stopped
/// (resumes at once if it already is). What a server's main awaits between
/// starting its services and stopping them.
///
///   co_await cio::stopped(context.stop);   // until SIGINT/SIGTERM
///
/// The token must belong to the calling shard (stop state is shard-local).
#pragma once

#include <coroutine>
#include <stdexcept>
#include <utility>

#include <cio/core/runtime.hpp>
#include <cio/core/stop.hpp>

namespace cio {

class [[nodiscard]] StoppedAwaitable final : private StopCallbackBase {
 public:
  explicit StoppedAwaitable(StopToken token) noexcept : token_(std::move(token)) {}
  ~StoppedAwaitable() { unregister(); }

  bool await_ready() const noexcept { return token_.stop_requested(); }
  void await_suspend(std::coroutine_handle<> waiter) noexcept {
    waiter_ = waiter;
    register_with(token_);
  }
  void await_resume() const noexcept {}

 private:
  void on_stop() noexcept override { Runtime::current().schedule(waiter_); }

  StopToken token_;
  std::coroutine_handle<> waiter_;
};

/// Throws std::invalid_argument for a token without a source (a
/// default-constructed StopToken), which could never be stopped.
inline StoppedAwaitable stopped(StopToken token) {
  if (!token.stop_possible()) {
    throw std::invalid_argument("cio::stopped: the token has no StopSource; it can never stop");
  }
  return StoppedAwaitable(std::move(token));
}

}  // namespace cio
