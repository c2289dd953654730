// Interleaved A/B measurement and the report every comparison prints:
// a table (median, min, max per side) and one line
//   ratio <area>.<case> <value> <target>
// with value oriented so that higher is better.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace cio::perf {

// Other work above this share of one CPU during a repetition flags it.
inline constexpr double kBusyLimit = 0.05;

struct Rep {
  double value = 0.0;       // what the side measured (ops/s, seconds, ...)
  double other_cpus = 0.0;  // CPU used by other work meanwhile, in CPUs
  bool flagged = false;     // other work exceeded the limit: the rep is suspect
};

struct Interleaved {
  std::vector<Rep> a;
  std::vector<Rep> b;
};

// Calls `a` then `b` (a b a b ...) until `reps` pairs ran with neither
// flagged, or `reps` extra pairs were spent on flagged ones. Each call is
// measured by a LoadProbe and returns its repetition's value. Prints one
// warning line per flagged repetition, naming `name` and the side label.
Interleaved interleave(std::string_view name, int reps, std::string_view a_label,
                       const std::function<double()>& a, std::string_view b_label,
                       const std::function<double()>& b);

enum class Better { higher, lower };

struct Side {
  std::string label;
  std::vector<Rep> reps;
};

// Prints the table and the ratio line. The ratio is of medians: ours /
// baseline when higher is better, baseline / ours when lower is. Flagged
// repetitions are left out of a side's median while at least 3 clean ones
// remain. Returns the ratio as printed (2 decimals).
double report(std::string_view name, std::string_view target, std::string_view unit, Better better,
              const Side& ours, const Side& baseline);

// True when `ratio` satisfies `target` (">=0.95", "<=1.10", ">0.9").
bool target_met(double ratio, std::string_view target);

}  // namespace cio::perf
