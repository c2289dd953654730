#include "pinned_worker.hpp"

#include <sched.h>
#include <unistd.h>

#include <utility>

#include <cio/perf/suite.hpp>

namespace cio::bench {
namespace {

// Pins the calling thread to the lowest CPU it is allowed on other than
// `avoid_cpu`: sched_setaffinity fails (EINVAL) for CPUs outside the
// process's cpuset, whatever mask the thread inherited.
int pin_other_than(int avoid_cpu) noexcept {
  const long configured = sysconf(_SC_NPROCESSORS_CONF);
  for (int cpu = 0; cpu < configured && cpu < CPU_SETSIZE; ++cpu) {
    if (cpu == avoid_cpu) continue;
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    if (sched_setaffinity(0, sizeof(one), &one) == 0) return cpu;
  }
  return -1;
}

void relax() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

}  // namespace

int pinned_cpu() noexcept {
  cpu_set_t mask;
  CPU_ZERO(&mask);
  if (sched_getaffinity(0, sizeof(mask), &mask) != 0 || CPU_COUNT(&mask) != 1) return -1;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (CPU_ISSET(cpu, &mask)) return cpu;
  }
  return -1;
}

PinnedWorker::PinnedWorker(int avoid_cpu) {
  thread_ = std::thread([this, avoid_cpu] { run(avoid_cpu); });
  while (state_.load(std::memory_order_acquire) == State::starting) relax();
  if (cpu_ >= 0) return;
  thread_.join();  // it exits when pinning fails
  throw perf::Skip("no second CPU to pin the other thread to");
}

PinnedWorker::~PinnedWorker() {
  state_.store(State::stop, std::memory_order_release);
  if (thread_.joinable()) thread_.join();
}

void PinnedWorker::start(std::function<void()> job) {
  job_ = std::move(job);
  state_.store(State::job, std::memory_order_release);
}

void PinnedWorker::wait() {
  while (state_.load(std::memory_order_acquire) != State::idle) relax();
  if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
}

void PinnedWorker::run(int avoid_cpu) {
  cpu_ = pin_other_than(avoid_cpu);
  state_.store(cpu_ >= 0 ? State::idle : State::stop, std::memory_order_release);
  for (;;) {
    const State state = state_.load(std::memory_order_acquire);
    if (state == State::stop) return;
    if (state != State::job) {
      relax();
      continue;
    }
    try {
      std::exchange(job_, nullptr)();
    } catch (...) {
      error_ = std::current_exception();
    }
    state_.store(State::idle, std::memory_order_release);
  }
}

}  // namespace cio::bench
