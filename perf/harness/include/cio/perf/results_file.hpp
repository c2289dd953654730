// Machine-readable results: when CIO_PERF_RESULTS names a file, every
// comparison a benchmark reports is appended to it as one JSON object per
// line (perf/run collects these into a report). Without it, nothing is
// written and the benchmarks print only their tables and ratio lines.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <cio/perf/compare.hpp>

namespace cio::perf {

// One side of a comparison as measured: every repetition, and which were
// flagged for other work on the machine.
struct SideResult {
  std::string label;
  std::vector<Rep> reps;
  double median = 0.0;  // over the reps the ratio used
  double min = 0.0;
  double max = 0.0;
};

struct ComparisonResult {
  std::string name;  // <area>.<case>
  std::string target;
  std::string unit;
  Better better = Better::higher;
  double ratio = 0.0;
  double pair_min = 0.0;  // spread of the per-pair ratios
  double pair_max = 0.0;
  SideResult ours;
  SideResult baseline;
};

// Appends `result` to $CIO_PERF_RESULTS (no-op when unset). A write error
// is reported on stderr once; the benchmark itself goes on.
void record_result(const ComparisonResult& result);

// Appends a comparison that produced no number: `status` is "skipped" or
// "failed", `reason` says why.
void record_outcome(std::string_view name, std::string_view target, std::string_view status,
                    std::string_view reason);

}  // namespace cio::perf
