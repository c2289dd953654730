// shards.submit_to.*: the round-trip latency of submit_to between two
// pinned shards (p50 and p99, ns), against a mutex + condition_variable
// request queue served by a thread pinned the same way, measured in the
// same run, interleaved.
//  - busy: both sides poll instead of sleeping (a loaded server); ours
//    keeps the loop busy-polling (idle_poll), the baseline spins on the
//    mutex-protected queue and on the reply flag;
//  - asleep: the target sleeps between calls (a gap of 200 us lets it block);
//    ours wakes it with MsgRing (epoll: eventfd), the baseline with
//    notify_one on a futex.
// Ratios are baseline / ours (higher is better). No target is set by the
// design for latency; >=1.0 says "no slower than the textbook queue".
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <cio/core/runtime.hpp>
#include <cio/perf/compare.hpp>
#include <cio/perf/machine.hpp>
#include <cio/perf/results_file.hpp>
#include <cio/shard/cpus.hpp>
#include <cio/shard/launcher.hpp>
#include <cio/shard/submit_to.hpp>

#include "cases.hpp"

namespace cio::bench {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

struct Mode {
  const char* name;
  bool busy;
  int calls_full;
  int calls_quick;
};

void spin_for(Clock::duration gap) {
  const auto until = Clock::now() + gap;
  while (Clock::now() < until) {
  }
}

// Per-call latencies of one repetition -> {p50, p99} in ns.
std::pair<double, double> percentiles(std::vector<double> ns) {
  std::sort(ns.begin(), ns.end());
  return {ns[ns.size() / 2], ns[ns.size() * 99 / 100]};
}

// The baseline: one request slot behind a mutex, a condition variable each
// way. The server thread is pinned where shard 1 runs.
class CondvarServer {
 public:
  CondvarServer(int cpu, bool busy) : busy_(busy), thread_([this, cpu] { serve(cpu); }) {}
  ~CondvarServer() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    request_ready_.notify_one();
    thread_.join();
  }

  uint64_t call(uint64_t value) {
    std::unique_lock lock(mutex_);
    requests_.push_back(value);
    if (!busy_) request_ready_.notify_one();
    if (busy_) {
      while (replies_.empty()) {
        lock.unlock();
        lock.lock();
      }
    } else {
      reply_ready_.wait(lock, [this] { return !replies_.empty(); });
    }
    const uint64_t reply = replies_.front();
    replies_.pop_front();
    return reply;
  }

 private:
  void serve(int cpu) {
    cpu_set_t mask;
    CPU_ZERO(&mask);
    CPU_SET(cpu, &mask);
    pthread_setaffinity_np(pthread_self(), sizeof(mask), &mask);
    std::unique_lock lock(mutex_);
    for (;;) {
      if (busy_) {
        while (requests_.empty() && !stop_) {
          lock.unlock();
          lock.lock();
        }
      } else {
        request_ready_.wait(lock, [this] { return !requests_.empty() || stop_; });
      }
      if (stop_) return;
      replies_.push_back(requests_.front() + 1);
      requests_.pop_front();
      if (!busy_) reply_ready_.notify_one();
    }
  }

  bool busy_;
  std::mutex mutex_;
  std::condition_variable request_ready_;
  std::condition_variable reply_ready_;
  std::deque<uint64_t> requests_;
  std::deque<uint64_t> replies_;
  bool stop_ = false;
  std::thread thread_;
};

struct Measured {
  std::vector<perf::Rep> p50;
  std::vector<perf::Rep> p99;
  void add(std::pair<double, double> pair, double other_cpus) {
    const bool flagged = other_cpus > perf::kBusyLimit;
    p50.push_back({pair.first, other_cpus, flagged});
    p99.push_back({pair.second, other_cpus, flagged});
  }
};

Task<std::pair<double, double>> ours_rep(int calls, Clock::duration gap) {
  std::vector<double> ns;
  ns.reserve(calls);
  for (int i = 0; i < calls; ++i) {
    if (gap.count() > 0) spin_for(gap);
    const auto start = Clock::now();
    const uint64_t reply = co_await submit_to(1, [i] { return uint64_t(i) + 1; });
    ns.push_back(std::chrono::duration<double, std::nano>(Clock::now() - start).count());
    if (reply != uint64_t(i) + 1) throw perf::VerifyError("submit_to returned a wrong value");
  }
  co_return percentiles(std::move(ns));
}

std::pair<double, double> baseline_rep(CondvarServer& server, int calls, Clock::duration gap) {
  std::vector<double> ns;
  ns.reserve(calls);
  for (int i = 0; i < calls; ++i) {
    if (gap.count() > 0) spin_for(gap);
    const auto start = Clock::now();
    const uint64_t reply = server.call(uint64_t(i));
    ns.push_back(std::chrono::duration<double, std::nano>(Clock::now() - start).count());
    if (reply != uint64_t(i) + 1) throw perf::VerifyError("the baseline returned a wrong value");
  }
  return percentiles(std::move(ns));
}

void run_mode(const Mode& mode, const perf::Options& options) {
  auto host = shard::probe_host();
  if (host.affinity.size() < 2) {
    std::printf("skip shards.submit_to.%s: needs 2 CPUs\n", mode.name);
    for (const char* percentile : {".p50", ".p99"}) {
      perf::record_outcome(std::string("shards.submit_to.") + mode.name + percentile, ">=1.0",
                           "skipped", "needs 2 CPUs");
    }
    return;
  }
  shard::LaunchConfig launch;
  launch.cpus = {host.affinity[0], host.affinity[1]};
  launch.runtime.idle_poll = mode.busy ? std::chrono::microseconds(1000) : 0us;
  const int calls = options.quick ? mode.calls_quick : mode.calls_full;
  const auto gap = mode.busy ? Clock::duration::zero() : Clock::duration(200us);
  Measured ours;
  Measured baseline;
  shard::run_shards(launch, [&]() -> Task<void> {
    CondvarServer server(launch.cpus[1], mode.busy);
    co_await ours_rep(calls / 10 + 1, gap);  // warm up
    for (int rep = 0; rep < options.repetitions; ++rep) {
      perf::LoadProbe probe;
      probe.start();
      auto mine = co_await ours_rep(calls, gap);
      ours.add(mine, probe.stop());
      probe.start();
      auto theirs = baseline_rep(server, calls, gap);
      baseline.add(theirs, probe.stop());
    }
  });
  const std::string name = std::string("shards.submit_to.") + mode.name;
  perf::report(name + ".p50", ">=1.0", "ns", perf::Better::lower, {"submit_to", ours.p50},
               {"mutex+condvar", baseline.p50});
  perf::report(name + ".p99", ">=1.0", "ns", perf::Better::lower, {"submit_to", ours.p99},
               {"mutex+condvar", baseline.p99});
}

}  // namespace

void run_submit_to_cases(const perf::Options& options) {
  const Mode modes[] = {{"busy", true, 50'000, 3'000}, {"asleep", false, 5'000, 500}};
  for (const Mode& mode : modes) {
    if (std::string("shards.submit_to.").append(mode.name).find(options.filter) ==
        std::string::npos) {
      continue;
    }
    run_mode(mode, options);
  }
}

}  // namespace cio::bench
