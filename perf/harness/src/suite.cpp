#include <cio/perf/suite.hpp>

#include <sched.h>

#include <chrono>
#include <cstdio>
#include <exception>
#include <vector>

#include <cio/perf/compare.hpp>
#include <cio/perf/machine.hpp>
#include <cio/perf/results_file.hpp>

namespace cio::perf {
namespace {

// Gives the calling thread its CPUs back when the suite ends: run_suite pins
// it, and a binary may go on with cases that read its affinity
// (bench-shards' submit_to cases need 2 CPUs).
class RestoreAffinity {
 public:
  RestoreAffinity() noexcept { saved_ok_ = sched_getaffinity(0, sizeof(saved_), &saved_) == 0; }
  ~RestoreAffinity() {
    if (saved_ok_) sched_setaffinity(0, sizeof(saved_), &saved_);
  }
  RestoreAffinity(const RestoreAffinity&) = delete;
  RestoreAffinity& operator=(const RestoreAffinity&) = delete;

 private:
  cpu_set_t saved_{};
  bool saved_ok_ = false;
};

using Clock = std::chrono::steady_clock;
using SideFn = std::function<uint64_t(uint64_t)>;

struct Tally {
  int met = 0;
  int missed = 0;
  int skipped = 0;
  int failed = 0;
};

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Rounds that make one repetition of `side` last about `target`. Doubles
// until a run takes half of it, then scales; this also warms the side up.
uint64_t calibrate(const SideFn& side, std::chrono::nanoseconds target) {
  const double goal = std::chrono::duration<double>(target).count();
  for (uint64_t rounds = 1;; rounds *= 2) {
    const auto start = Clock::now();
    side(rounds);
    const double took = seconds_since(start);
    if (took >= goal / 2 || rounds >= (uint64_t{1} << 40)) {
      const double scaled = static_cast<double>(rounds) * goal / (took > 0 ? took : goal);
      return scaled < 1.0 ? 1 : static_cast<uint64_t>(scaled);
    }
  }
}

// One repetition: operations per second over `rounds` rounds.
double throughput(const SideFn& side, uint64_t rounds) {
  const auto start = Clock::now();
  const uint64_t ops = side(rounds);
  const double took = seconds_since(start);
  return took > 0 ? static_cast<double>(ops) / took : 0.0;
}

// A comparison that could not produce an honest number still prints its
// ratio line, as 0.00, so nothing reading the lines mistakes it for a pass.
void fail(const Comparison& comparison, const char* stage, const std::exception& error,
          Tally& tally) {
  std::printf("error: %s: %s failed: %s\n", comparison.name.c_str(), stage, error.what());
  std::printf("ratio %s 0.00 %s\n", comparison.name.c_str(), comparison.target.c_str());
  record_outcome(comparison.name, comparison.target, "failed",
                 std::string(stage) + " failed: " + error.what());
  ++tally.failed;
}

void run_one(const Comparison& comparison, const Options& options, Tally& tally) {
  std::printf("\n== %s: %s\n", comparison.name.c_str(), comparison.about.c_str());
  std::unique_ptr<Workload> workload;
  try {
    workload = comparison.make();
  } catch (const Skip& skip) {
    std::printf("skip %s: %s\n", comparison.name.c_str(), skip.what());
    record_outcome(comparison.name, comparison.target, "skipped", skip.what());
    ++tally.skipped;
    return;
  } catch (const std::exception& error) {
    fail(comparison, "setup", error, tally);
    return;
  }
  const SideFn ours = [&](uint64_t rounds) { return workload->run_ours(rounds); };
  const SideFn base = [&](uint64_t rounds) { return workload->run_baseline(rounds); };
  try {
    const uint64_t ours_rounds = calibrate(ours, options.rep_time);
    const uint64_t base_rounds = calibrate(base, options.rep_time);
    std::printf(
        "  %d clean reps per side wanted, ~%lld ms each, interleaved; rounds per rep: %llu / "
        "%llu\n",
        options.repetitions, static_cast<long long>(options.rep_time.count()),
        static_cast<unsigned long long>(ours_rounds), static_cast<unsigned long long>(base_rounds));
    const Interleaved reps = interleave(
        comparison.name, options.repetitions, comparison.ours,
        [&] { return throughput(ours, ours_rounds); }, comparison.baseline,
        [&] { return throughput(base, base_rounds); });
    const double ratio = report(comparison.name, comparison.target, "ops/s", Better::higher,
                                {comparison.ours, reps.a}, {comparison.baseline, reps.b});
    ++(target_met(ratio, comparison.target) ? tally.met : tally.missed);
  } catch (const std::exception& error) {
    fail(comparison, "run", error, tally);
  }
  std::fflush(stdout);
}

}  // namespace

int run_suite(std::span<const Comparison> comparisons, const Options& options) {
  std::vector<const Comparison*> selected;
  for (const Comparison& comparison : comparisons) {
    if (comparison.name.find(options.filter) != std::string::npos) selected.push_back(&comparison);
  }
  if (selected.empty()) {
    std::printf("no comparison matches '%s' (try --list)\n", options.filter.c_str());
    return 2;
  }
  if (options.list) {
    for (const Comparison* comparison : selected) std::printf("%s\n", comparison->name.c_str());
    return 0;
  }
  const RestoreAffinity restore;
  const int cpu = pin_this_thread();
  if (cpu >= 0) {
    std::printf("pinned to CPU %d", cpu);
  } else {
    std::printf("warning: could not pin to a CPU");
  }
  std::printf("; %d reps x ~%lld ms per side, interleaved\n", options.repetitions,
              static_cast<long long>(options.rep_time.count()));
  std::printf(
      "busy check: warns when other work used > %.0f%% of a CPU during a rep "
      "(or /proc/stat's 10 ms tick, if coarser)\n",
      kBusyLimit * 100.0);
  Tally tally;
  for (const Comparison* comparison : selected) run_one(*comparison, options, tally);
  std::printf("\n%zu comparisons: %d met target, %d missed, %d skipped, %d failed\n",
              selected.size(), tally.met, tally.missed, tally.skipped, tally.failed);
  return tally.failed > 0 ? 1 : 0;
}

}  // namespace cio::perf
