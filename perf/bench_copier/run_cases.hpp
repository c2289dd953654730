// Running the copier comparisons: for each case, pairs of runs (ours, then
// the baseline), each on a warm source after `sync`, into a destination of
// its own, until `repetitions` pairs ran with no other work disturbing them
// (or the extra pairs allowed are spent); then the table and ratio line.
#pragma once

#include <vector>

#include <cio/perf/options.hpp>

#include "cases.hpp"
#include "fixtures.hpp"
#include "page_cache_filler.hpp"

namespace cio::bench {

// Runs the cases whose name contains options.filter. `filler` (may be
// null) is topped up before every run. Returns 0, or 1 when a run failed
// or a signal ended the run (see interrupt.hpp).
int run_cases(const std::vector<CopyCase>& cases, const Fixtures& fixtures,
              const perf::Options& options, PageCacheFiller* filler);

}  // namespace cio::bench
