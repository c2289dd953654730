/// @file
/// cio::time::Clock: a steady clock on CLOCK_BOOTTIME, the clock the driver's
/// Timeout op counts on. Unlike std::chrono::steady_clock it keeps counting
/// while the machine is suspended, so deadlines taken from it agree with the
/// timers that enforce them.
#pragma once

#include <chrono>

namespace cio::time {

struct Clock {
  using duration = std::chrono::nanoseconds;
  using rep = duration::rep;
  using period = duration::period;
  using time_point = std::chrono::time_point<Clock>;
  static constexpr bool is_steady = true;

  /// The current CLOCK_BOOTTIME reading.
  static time_point now() noexcept;
};

}  // namespace cio::time
