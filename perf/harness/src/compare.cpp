#include <cio/perf/compare.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include <cio/perf/machine.hpp>
#include <cio/perf/results_file.hpp>
#include <cio/perf/stats.hpp>

namespace cio::perf {
namespace {

Rep measure(std::string_view name, int index, std::string_view label,
            const std::function<double()>& side) {
  LoadProbe probe;
  probe.start();
  Rep rep;
  rep.value = side();
  rep.other_cpus = probe.stop();
  // A reading cannot be trusted below /proc/stat's resolution.
  rep.flagged = rep.other_cpus > std::max(kBusyLimit, probe.resolution());
  if (rep.flagged) {
    std::printf("warning: %.*s rep %d (%.*s): other work used %.0f%% of a CPU\n",
                static_cast<int>(name.size()), name.data(), index + 1,
                static_cast<int>(label.size()), label.data(), rep.other_cpus * 100.0);
  }
  return rep;
}

size_t clean_count(const std::vector<Rep>& reps) {
  return static_cast<size_t>(
      std::count_if(reps.begin(), reps.end(), [](const Rep& rep) { return !rep.flagged; }));
}

// The values a side's median is taken over: clean reps if 3 or more.
std::vector<double> usable(const std::vector<Rep>& reps) {
  const bool enough = clean_count(reps) >= 3;
  std::vector<double> values;
  for (const Rep& rep : reps) {
    if (!enough || !rep.flagged) values.push_back(rep.value);
  }
  return values;
}

double oriented(double ours, double baseline, Better better) {
  if (better == Better::higher) return baseline > 0.0 ? ours / baseline : 0.0;
  return ours > 0.0 ? baseline / ours : 0.0;
}

void print_row(const Side& side, const Summary& summary) {
  std::printf("  %-34s %10s %10s %10s   %zu/%zu\n", side.label.c_str(),
              human(summary.median).c_str(), human(summary.min).c_str(), human(summary.max).c_str(),
              summary.count, side.reps.size());
}

}  // namespace

Interleaved interleave(std::string_view name, int reps, std::string_view a_label,
                       const std::function<double()>& a, std::string_view b_label,
                       const std::function<double()>& b) {
  Interleaved result;
  int clean_pairs = 0;
  for (int i = 0; i < 2 * reps && clean_pairs < reps; ++i) {
    result.a.push_back(measure(name, i, a_label, a));
    result.b.push_back(measure(name, i, b_label, b));
    if (!result.a.back().flagged && !result.b.back().flagged) ++clean_pairs;
  }
  return result;
}

double report(std::string_view name, std::string_view target, std::string_view unit, Better better,
              const Side& ours, const Side& baseline) {
  const Summary a = summarize(usable(ours.reps));
  const Summary b = summarize(usable(baseline.reps));
  std::vector<double> pairs;
  for (size_t i = 0; i < std::min(ours.reps.size(), baseline.reps.size()); ++i) {
    pairs.push_back(oriented(ours.reps[i].value, baseline.reps[i].value, better));
  }
  const Summary paired = summarize(pairs);
  const double ratio = std::round(oriented(a.median, b.median, better) * 100.0) / 100.0;

  std::printf("  %-34s %10s %10s %10s   %s\n", std::string(unit).c_str(), "median", "min", "max",
              "reps used");
  print_row(ours, a);
  print_row(baseline, b);
  for (const Side* side : {&ours, &baseline}) {
    if (clean_count(side->reps) < 3) {
      std::printf("  warning: %s: fewer than 3 clean reps; median over all, numbers suspect\n",
                  side->label.c_str());
    }
  }
  std::printf("  per-pair ratio %.2f .. %.2f; ratio of medians %.2f, target %.*s: %s\n", paired.min,
              paired.max, ratio, static_cast<int>(target.size()), target.data(),
              target_met(ratio, target) ? "met" : "NOT met");
  std::printf("ratio %.*s %.2f %.*s\n", static_cast<int>(name.size()), name.data(), ratio,
              static_cast<int>(target.size()), target.data());
  std::fflush(stdout);
  record_result({std::string(name),
                 std::string(target),
                 std::string(unit),
                 better,
                 ratio,
                 paired.min,
                 paired.max,
                 {ours.label, ours.reps, a.median, a.min, a.max},
                 {baseline.label, baseline.reps, b.median, b.min, b.max}});
  return ratio;
}

bool target_met(double ratio, std::string_view target) {
  size_t op_len = 0;
  while (op_len < target.size() &&
         (target[op_len] == '>' || target[op_len] == '<' || target[op_len] == '=')) {
    ++op_len;
  }
  const std::string op(target.substr(0, op_len));
  const double bound = std::strtod(std::string(target.substr(op_len)).c_str(), nullptr);
  if (op == ">=") return ratio >= bound;
  if (op == ">") return ratio > bound;
  if (op == "<=") return ratio <= bound;
  if (op == "<") return ratio < bound;
  return false;
}

}  // namespace cio::perf
