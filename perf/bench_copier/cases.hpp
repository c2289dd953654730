// The copier comparisons: cio-copy against dd, cp, `cp; sync` and cp -r on
// the same sources, and its two data paths against each other, measured interleaved (ours,
// baseline, ours, ...) with a fresh destination each time, reported as `ratio copier.<case> <value>
// <target>` (baseline time / our time: higher is better).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "command.hpp"
#include "fixtures.hpp"

namespace cio::bench {

struct CopyCase {
  std::string name;    // copier.<case>.<baseline>
  std::string target;  // ">=1.30"
  std::string about;
  Command ours;
  Command baseline;
  std::string source;
  uint64_t bytes = 0;  // one copy's size: the disk each repetition takes
  bool tree = false;   // many files: removed only at the end of the run
  bool cold = false;   // the page cache is dropped before each run (needs root)
};

// The cases over `fixtures` (made with `sizes`), run with the cio-copy at
// `copier`; trees first, so that no large delete precedes them.
std::vector<CopyCase> copy_cases(const Fixtures& fixtures, const FixtureSizes& sizes,
                                 const std::string& copier);

}  // namespace cio::bench
