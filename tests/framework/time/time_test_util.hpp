// Shared by the time tests: the timing tolerance and a readable duration.
#pragma once

#include <chrono>

#include <cio/time/clock.hpp>

namespace cio::time::testing {

using namespace std::chrono_literals;

// A timer never fires early, but the thread that reaps it can run late on a
// busy 2-core machine: lateness up to 15 ms is on time. Timing checks take
// the best of a few tries; every try must take at least the full duration.
inline constexpr auto kTolerance = 15ms;
inline constexpr int kTries = 3;

inline double millis(Clock::duration duration) {
  return std::chrono::duration<double, std::milli>(duration).count();
}

}  // namespace cio::time::testing
