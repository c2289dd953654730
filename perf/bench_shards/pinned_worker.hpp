// PinnedWorker: a long-lived thread pinned to a CPU of its own, running one
// job at a time for the calling thread. Cross-core comparisons keep one for
// all their rounds and repetitions, so thread start-up and migration stay
// out of the measurement.
//
// It spins while idle rather than sleeping: on these KVM guests a vCPU that
// went idle between jobs came back slow, and cross-core transfer rates
// measured right after were 3-10x lower than on a core kept busy (a shard
// under load does not sleep between messages either).
#pragma once

#include <atomic>
#include <exception>
#include <functional>
#include <thread>

namespace cio::bench {

class PinnedWorker {
 public:
  // Starts the thread on the lowest-numbered CPU this process may use
  // other than `avoid_cpu`. Throws perf::Skip when there is none.
  explicit PinnedWorker(int avoid_cpu);
  ~PinnedWorker();
  PinnedWorker(const PinnedWorker&) = delete;
  PinnedWorker& operator=(const PinnedWorker&) = delete;

  int cpu() const noexcept { return cpu_; }

  // Hands `job` to the worker and returns at once. The previous job must
  // have been waited for.
  void start(std::function<void()> job);
  // Waits (spinning) until the job started last returns; rethrows what it
  // threw.
  void wait();

 private:
  enum class State { starting, idle, job, stop };

  void run(int avoid_cpu);

  std::function<void()> job_;  // written before state_ becomes job
  std::exception_ptr error_;   // written before state_ becomes idle
  int cpu_ = -1;               // written before state_ leaves starting
  std::atomic<State> state_{State::starting};
  std::thread thread_;
};

// The single CPU the calling thread is pinned to, or -1 when it may run on
// several (or the mask cannot be read).
int pinned_cpu() noexcept;

}  // namespace cio::bench
