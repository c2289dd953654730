// Shared by the sync tests: ways to let spawned tasks run up to their next
// suspension point, and a lifetime-counting value type.
#pragma once

#include <functional>

#include <cio/core/runtime.hpp>
#include <cio/core/task.hpp>
#include <cio/core/yield.hpp>

namespace cio::sync::testing {

// Enough turns for a chain of wake-ups a few tasks deep to settle.
inline Task<void> let_others_run(int turns = 8) {
  for (int i = 0; i < turns; ++i) co_await cio::yield();
}

// Yields until `done()` holds (for tasks that also wait on timers).
inline Task<void> wait_until(std::function<bool()> done) {
  while (!done()) co_await cio::yield();
}

// Counts live instances, so a container can be checked for exactly one
// destruction per construction.
struct Counted {
  static inline int live = 0;
  int value = 0;
  Counted() noexcept { ++live; }
  explicit Counted(int v) noexcept : value(v) { ++live; }
  Counted(const Counted& other) noexcept : value(other.value) { ++live; }
  Counted(Counted&& other) noexcept : value(other.value) { ++live; }
  Counted& operator=(const Counted&) = default;
  Counted& operator=(Counted&&) = default;
  ~Counted() { --live; }
};

}  // namespace cio::sync::testing
