// bench-drivers: layer 0 throughput against the loops it replaces.
#include <vector>

#include <cio/perf/options.hpp>
#include <cio/perf/suite.hpp>

#include "cases.hpp"

int main(int argc, char** argv) {
  const cio::perf::Options options = cio::perf::parse_options(
      argc, argv, "cio::Driver against raw liburing and plain syscalls (NOPs, 4 KiB reads)");
  std::vector<cio::perf::Comparison> comparisons;
  cio::bench::add_nop_cases(comparisons);
  cio::bench::add_read4k_cases(comparisons);
  return cio::perf::run_suite(comparisons, options);
}
