// bench-shards: the layer 2 cross-shard primitives against the libraries
// they replace.
#include <algorithm>
#include <cstdio>
#include <vector>

#include <cio/perf/options.hpp>
#include <cio/perf/suite.hpp>

#include "cases.hpp"

int main(int argc, char** argv) {
  const cio::perf::Options options = cio::perf::parse_options(
      argc, argv,
      "cross-shard message rings against boost::lockfree::spsc_queue, and submit_to round "
      "trips against a mutex + condition_variable queue");
  std::vector<cio::perf::Comparison> comparisons;
  cio::bench::add_ring_cases(comparisons);
  const bool ring_selected =
      std::any_of(comparisons.begin(), comparisons.end(), [&](const auto& comparison) {
        return comparison.name.find(options.filter) != std::string::npos;
      });
  int status = 0;
  if (ring_selected || options.list) status = cio::perf::run_suite(comparisons, options);
  if (options.list) {
    std::puts(
        "shards.submit_to.busy.p50\nshards.submit_to.busy.p99\nshards.submit_to.asleep.p50\n"
        "shards.submit_to.asleep.p99");
    return status;
  }
  cio::bench::run_submit_to_cases(options);
  return status;
}
