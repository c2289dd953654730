/// @file
/// Sleeping on the current Runtime: a Timeout op awaited from the coroutine's
/// frame (no allocation per sleep).
///
///   if (auto slept = co_await cio::time::sleep(20ms, token); !slept) { ... }
#pragma once

#include <coroutine>

#include <cio/core/op_awaitable.hpp>
#include <cio/core/stop.hpp>
#include <cio/driver/ops.hpp>
#include <cio/driver/result.hpp>
#include <cio/time/clock.hpp>

namespace cio::time {

class Interval;

/// The awaitable behind sleep() and sleep_until(). Immovable: await it where
/// it is made.
class [[nodiscard]] Sleep {
 public:
  /// Always suspends, even for a zero duration.
  bool await_ready() const noexcept { return false; }
  /// Starts the Timeout op on Runtime::current().
  void await_suspend(std::coroutine_handle<> waiter) noexcept { timer_.await_suspend(waiter); }
  /// Success once the time has passed; operation_canceled if the token was
  /// stopped first. Errors name the operation ("sleep", "interval tick").
  Result<void> await_resume() noexcept;

 private:
  friend Sleep sleep(Clock::duration, StopToken) noexcept;
  friend Sleep sleep_until(Clock::time_point, StopToken) noexcept;
  friend class Interval;
  Sleep(Clock::duration duration, StopToken token, const char* operation) noexcept
      : timer_(std::move(token), duration), operation_(operation) {}

  OpAwaitable<Timeout> timer_;
  const char* operation_;
};

/// Suspends the calling coroutine for `duration` on CLOCK_BOOTTIME (never
/// less; a zero or negative duration still yields to the loop once).
/// Stopping `token` ends the sleep early with operation_canceled.
Sleep sleep(Clock::duration duration, StopToken token = {}) noexcept;

/// Like sleep(), until `deadline` (a past deadline yields once and returns).
Sleep sleep_until(Clock::time_point deadline, StopToken token = {}) noexcept;

}  // namespace cio::time
