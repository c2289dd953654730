/// @file
/// Interval: ticks at a fixed period, on a schedule anchored at its start, so
/// the time spent between ticks does not make the ticks drift.
///
///   cio::time::Interval every(10ms);
///   for (;;) { auto missed = co_await every.tick(); ... }
///
/// Missed ticks (policy "skip"): tick() fires at once when its deadline has
/// already passed. If it is late by less than one period, the schedule keeps
/// its phase (the next deadline is one period after the late one). If it is
/// late by a whole period or more, the ticks that came due meanwhile are
/// skipped, tick() reports how many, and the schedule restarts from now.
#pragma once

#include <coroutine>
#include <cstdint>

#include <cio/core/stop.hpp>
#include <cio/driver/result.hpp>
#include <cio/time/clock.hpp>
#include <cio/time/sleep.hpp>

namespace cio::time {

/// A periodic timer on Clock (CLOCK_BOOTTIME). Holds no op between ticks,
/// so it may be dropped at any time when no tick is being awaited. One
/// consumer; use it on one shard.
class Interval {
 public:
  class Tick;

  /// First tick at `start + period`. Throws std::invalid_argument when
  /// `period` is not positive.
  explicit Interval(Clock::duration period, Clock::time_point start = Clock::now());

  /// Waits for the next tick; returns the number of ticks skipped before it
  /// (0 when on time). A stop of `token` ends the wait with
  /// operation_canceled ("interval tick"); that tick still counts as taken.
  Tick tick(StopToken token = {}) noexcept;

  /// The period given at construction.
  Clock::duration period() const noexcept { return period_; }
  /// When the next tick is due.
  Clock::time_point next_deadline() const noexcept { return next_; }

 private:
  Clock::duration period_;
  Clock::time_point next_;
};

/// The awaitable tick() returns: either already due (no timer) or a sleep.
class [[nodiscard]] Interval::Tick {
 public:
  /// True (no suspension) when the tick was already due.
  bool await_ready() const noexcept { return due_; }
  /// Starts the sleep until the deadline.
  void await_suspend(std::coroutine_handle<> waiter) noexcept { sleep_.await_suspend(waiter); }
  /// The number of ticks skipped (0 after a sleep), or operation_canceled
  /// named "interval tick".
  Result<uint64_t> await_resume() noexcept;

 private:
  friend class Interval;
  Tick(Clock::duration wait, StopToken token) noexcept;
  explicit Tick(uint64_t missed) noexcept;

  Sleep sleep_;
  uint64_t missed_ = 0;
  bool due_;
};

}  // namespace cio::time
