// The blocking half of submit(), shared by both backends: wait again while a
// wake-up delivered nothing for the caller (the driver's own entries, or
// readiness that finished no op), until the deadline passes.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>

#include <cio/driver/result.hpp>

namespace cio::detail {

struct WaitStep {
  Result<size_t> count;
  bool done;  // entries, a wake(), an interruption, an expiry or an error
};

// Calls `wait_once(remaining)` until it reports done or no time remains.
template <typename WaitOnce>
Result<size_t> wait_until_done(std::optional<std::chrono::nanoseconds> timeout,
                               WaitOnce&& wait_once) noexcept {
  using Clock = std::chrono::steady_clock;
  const auto deadline = timeout ? Clock::now() + *timeout : Clock::time_point::max();
  for (;;) {
    WaitStep step = wait_once(timeout);
    if (step.done) return step.count;
    if (timeout) {
      timeout = deadline - Clock::now();
      if (timeout->count() <= 0) return size_t{0};
    }
  }
}

}  // namespace cio::detail
