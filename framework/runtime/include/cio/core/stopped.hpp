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

/// The awaitable stopped() returns. It starts no op; the waiting coroutine
/// is queued on the runtime when the source is stopped.
class [[nodiscard]] StoppedAwaitable final : private StopCallbackBase {
 public:
  /// Waits on `token` (stopped() checks that it has a source).
  explicit StoppedAwaitable(StopToken token) noexcept : token_(std::move(token)) {}
  /// Unregisters, if still waiting (the waiting frame was destroyed).
  ~StoppedAwaitable() { unregister(); }

  /// True (no suspension) if the source is already stopped.
  bool await_ready() const noexcept { return token_.stop_requested(); }
  /// Registers with the token; the stop schedules `waiter` on Runtime::current().
  void await_suspend(std::coroutine_handle<> waiter) noexcept {
    waiter_ = waiter;
    register_with(token_);
  }
  /// Nothing to return: the stop is the event.
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
