// A suite of throughput comparisons: each pits our code against a baseline
// doing the same work, measured interleaved, and prints one ratio line.
//
//   perf::Comparison c{"drivers.nop.batch32", ">=0.95", "what it measures",
//                      "cio::Driver", "raw liburing", [] { return make_workload(); }};
//   return perf::run_suite(comparisons, options);
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>

#include <cio/perf/options.hpp>

namespace cio::perf {

// Both sides of one comparison, sharing their setup. A round is the unit of
// work (e.g. one batch); each side returns how many operations it did.
class Workload {
 public:
  virtual ~Workload() = default;
  virtual uint64_t run_ours(uint64_t rounds) = 0;
  virtual uint64_t run_baseline(uint64_t rounds) = 0;
};

// Makes the compiler assume memory was read and written here, so a side's
// stores into buffers nobody reads again are not optimised away.
inline void clobber_memory() noexcept { asm volatile("" ::: "memory"); }

// Thrown by a side that saw a wrong result: the run fails, with no number.
struct VerifyError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// Thrown by Comparison::make when this machine cannot run the comparison.
struct Skip : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Comparison {
  std::string name;    // <area>.<case>, as in the ratio line
  std::string target;  // ">=0.95"
  std::string about;   // one line for the table heading
  std::string ours;    // side labels
  std::string baseline;
  std::function<std::unique_ptr<Workload>()> make;
};

// Runs every comparison whose name contains options.filter: calibrates the
// rounds per repetition for each side, then measures them interleaved and
// reports throughput. A comparison whose make() throws Skip prints a skip
// line; any other exception (a VerifyError, a failed setup) prints an error
// and the ratio as 0.00. Returns the exit code: 0, 1 when any comparison
// failed, 2 when the filter matched nothing.
int run_suite(std::span<const Comparison> comparisons, const Options& options);

}  // namespace cio::perf
