// bench-runtime: the layer 1 runtime against the loops it replaces.
#include <vector>

#include <cio/perf/options.hpp>
#include <cio/perf/suite.hpp>

#include "cases.hpp"

int main(int argc, char** argv) {
  const cio::perf::Options options = cio::perf::parse_options(
      argc, argv, "cio::Runtime against the raw driver loop and a hand-written executor");
  std::vector<cio::perf::Comparison> comparisons;
  cio::bench::add_nop_awaited_cases(comparisons);
  cio::bench::add_spawn_cases(comparisons);
  cio::bench::add_echo_cases(comparisons);
  return cio::perf::run_suite(comparisons, options);
}
