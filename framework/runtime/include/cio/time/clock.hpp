/// @file
/// cio::time::Clock: a steady clock on CLOCK_BOOTTIME, the clock the driver's
/// Timeout op counts on. Unlike std::chrono::steady_clock it keeps counting
/// while the machine is suspended, so deadlines taken from it agree with the
/// timers that enforce them.
#pragma once

#include <chrono>

namespace cio::time {

/// A std::chrono clock (meets the Clock requirements) reading CLOCK_BOOTTIME.
struct Clock {
  using duration = std::chrono::nanoseconds;          ///< Nanosecond resolution.
  using rep = duration::rep;                          ///< Signed 64-bit count.
  using period = duration::period;                    ///< std::nano.
  using time_point = std::chrono::time_point<Clock>;  ///< Time since boot.
  static constexpr bool is_steady = true;             ///< Never goes back.

  /// The current CLOCK_BOOTTIME reading.
  static time_point now() noexcept;
};

}  // namespace cio::time
