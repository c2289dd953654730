// The copier comparisons: cio-copy against dd, cp and cp -r on the same
// sources, measured interleaved (ours, baseline, ours, ...) with a fresh
// destination each time, reported as `ratio copier.<case> <value> <target>`
// (baseline time / our time: higher is better).
#pragma once

#include <string>
#include <vector>

#include <cio/perf/options.hpp>

#include "fixtures.hpp"

namespace cio::bench {

struct CopyCase {
  std::string name;    // copier.<case>.<baseline>
  std::string target;  // ">=0.90"
  std::string about;
  std::vector<std::string> ours;      // cio-copy and its flags, before SRC DST
  std::vector<std::string> baseline;  // the baseline command, before SRC DST
  std::string source;
  bool big = false;  // one copy per side at a time (they are large)
};

std::vector<CopyCase> copy_cases(const Fixtures& fixtures, const std::string& copier);

// Runs the cases whose name contains options.filter; returns 0, or 1 when
// a run failed.
int run_cases(const std::vector<CopyCase>& cases, const Fixtures& fixtures,
              const perf::Options& options);

}  // namespace cio::bench
