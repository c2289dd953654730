// The machine under the benchmark: pinning, and how busy other work kept it.
#pragma once

#include <chrono>
#include <cstdint>

namespace cio::perf {

// Pins the calling thread to CPU 1 if this process may use it, else to the
// first CPU it may use. Returns the CPU, or -1 (nothing changed) on failure.
int pin_this_thread() noexcept;

// Measures, over one repetition, how much CPU time work other than this
// process used: all CPUs' non-idle time from /proc/stat minus this
// process's own CPU time (all its threads, io_uring workers included).
// /proc/stat counts in 10 ms ticks, so a repetition of W ms cannot resolve
// less than 10/W of a CPU: resolution() says how coarse a reading is.
class LoadProbe {
 public:
  void start() noexcept;
  // Other work during the interval, in CPUs (0.05 = 5% of one CPU).
  double stop() noexcept;
  double resolution() const noexcept { return resolution_; }

 private:
  std::chrono::steady_clock::time_point wall_start_{};
  int64_t idle_start_ns_ = 0;
  int64_t own_start_ns_ = 0;
  double resolution_ = 1.0;
};

}  // namespace cio::perf
