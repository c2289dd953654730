#include "run_cases.hpp"

#include <unistd.h>

#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <cio/perf/compare.hpp>

#include "destinations.hpp"
#include "interrupt.hpp"
#include "timed_run.hpp"

namespace cio::bench {
namespace {

struct Run {
  const CopyCase& c;
  PageCacheFiller* filler;
};

// Empties the page cache (clean pages only: call after sync).
void drop_page_cache() {
  std::ofstream control("/proc/sys/vm/drop_caches");
  control << "3\n";
  control.flush();
  if (!control) throw std::runtime_error("cannot write /proc/sys/vm/drop_caches (needs root)");
}

perf::Rep run_side(const Run& run, const Command& side, const std::string& target, int index) {
  throw_if_interrupted();
  if (run.filler != nullptr && !run.c.cold) run.filler->top_up();
  if (!run.c.cold) warm(run.c.source);
  // No dirty pages left by the other side: writeback would slow this one.
  ::sync();
  if (run.c.cold) drop_page_cache();
  const perf::Rep rep = timed_run(expand(side, run.c.source, target));
  throw_if_interrupted();  // a command the signal ended is no measurement
  if (rep.flagged) {
    std::printf("warning: %s rep %d (%s): other work used %.0f%% of a CPU\n", run.c.name.c_str(),
                index + 1, side.label.c_str(), rep.other_cpus * 100.0);
  }
  return rep;
}

void run_case(const Run& run, const std::string& out, int reps) {
  const CopyCase& c = run.c;
  std::filesystem::create_directory(out);
  Destinations destinations(out, c.bytes, reps);
  std::printf("%s: %s%s\n", c.name.c_str(), c.about.c_str(),
              destinations.fresh() ? "" : " (too little disk: destinations reused)");
  perf::Side ours{c.ours.label, {}};
  perf::Side baseline{c.baseline.label, {}};
  int clean = 0;
  for (int pair = 0; pair < destinations.max_pairs() && clean < reps; ++pair) {
    ours.reps.push_back(run_side(run, c.ours, destinations.next("ours", pair), pair));
    baseline.reps.push_back(run_side(run, c.baseline, destinations.next("baseline", pair), pair));
    if (!ours.reps.back().flagged && !baseline.reps.back().flagged) ++clean;
  }
  // Large copies go now, for the disk; trees at the end of the run, as
  // creating files right after a mass delete is slow on ext4.
  if (!c.tree) std::filesystem::remove_all(out);
  perf::report(c.name, c.target, "s", perf::Better::lower, ours, baseline);
}

}  // namespace

int run_cases(const std::vector<CopyCase>& cases, const Fixtures& fixtures,
              const perf::Options& options, PageCacheFiller* filler) {
  int status = 0;
  for (const CopyCase& c : cases) {
    if (c.name.find(options.filter) == std::string::npos) continue;
    if (c.cold && ::geteuid() != 0) {
      std::printf("%s: skipped (dropping the page cache needs root)\n", c.name.c_str());
      continue;
    }
    try {
      run_case(Run{c, filler}, fixtures.dir + "/out-" + c.name, options.repetitions);
    } catch (const std::exception& error) {
      if (interrupt_signal() != 0) return 1;  // the signal may have ended the command too
      std::printf("error: %s: %s\nratio %s 0.00 %s\n", c.name.c_str(), error.what(), c.name.c_str(),
                  c.target.c_str());
      status = 1;
    }
  }
  return status;
}

}  // namespace cio::bench
