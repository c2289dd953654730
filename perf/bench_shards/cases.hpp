// The comparisons bench-shards runs, one file each. A new case adds its
// add_*_cases here and one line in main.cpp.
#pragma once

#include <vector>

#include <cio/perf/options.hpp>
#include <cio/perf/suite.hpp>

namespace cio::bench {

void add_ring_cases(std::vector<perf::Comparison>& out);  // ring.cpp

// Latency percentiles do not fit the throughput suite: these measure and
// print their own ratio lines.
void run_submit_to_cases(const perf::Options& options);  // submit_to.cpp

}  // namespace cio::bench
