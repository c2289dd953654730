#include "cases.hpp"

#include <cstdio>
#include <exception>

#include <cio/perf/compare.hpp>
#include <cio/perf/results_file.hpp>
#include <cio/perf/stats.hpp>

namespace cio::bench {
namespace {

struct Metric {
  const char* name;
  const char* unit;
  perf::Better better;
  double (*value)(const RunResult&);
};

const Metric kMetrics[] = {
    {"cpu_per_request", "server CPU us/request", perf::Better::lower,
     [](const RunResult& r) { return r.cpu_us(); }},
    {"requests", "requests/s", perf::Better::higher,
     [](const RunResult& r) { return r.requests_per_second; }},
    {"p99", "p99 latency us", perf::Better::lower, [](const RunResult& r) { return r.p99_us; }},
};

const EchoCase kCases[] = {
    {"64b_1c", 64, 1},  {"64b_50c", 64, 50},  {"64b_500c", 64, 500},
    {"4k_1c", 4096, 1}, {"4k_50c", 4096, 50}, {"4k_500c", 4096, 500},
};

// The targets of the issue, all at 64 B / 50 connections: CPU per request
// at most 0.95 of Asio's (asio/ours >= 1/0.95) and within 5% of the raw
// liburing server's; requests/s and p99 no worse than Asio's. Elsewhere the
// ratios are reported only.
std::string target(const Metric& metric, const EchoCase& c, const std::string& baseline) {
  if (c.key != "64b_50c") return ">0";
  const bool cpu = std::string(metric.name) == "cpu_per_request";
  if (baseline == "asio") return cpu ? ">=1.05" : ">=1.00";
  return cpu ? ">=0.95" : ">0";
}

bool large(const EchoCase& c) { return c.message_size > 1024; }

// The baselines ratios are taken against: above 1 KiB the Asio example
// with its read buffer raised (the stock one measures Nagle, not Asio).
std::vector<std::string> baseline_keys(const EchoCase& c) {
  return {large(c) ? "asio_64k" : "asio", "uring"};
}

std::string ratio_name(const Metric& metric, const EchoCase& c, const std::string& baseline) {
  return "echo." + std::string(metric.name) + "." + c.key + "." + baseline;
}

std::vector<const ServerSpec*> servers_of(const EchoCase& c, const Lineup& lineup) {
  std::vector<const ServerSpec*> servers{&lineup.ours};
  if (lineup.asio) servers.push_back(&*lineup.asio);
  if (large(c) && lineup.asio_64k) servers.push_back(&*lineup.asio_64k);
  servers.push_back(&lineup.uring);
  return servers;
}

// The repetitions a median is taken over: the clean ones if 3 or more
// (as the harness's report does).
std::vector<const RunResult*> usable(const std::vector<RunResult>& runs) {
  std::vector<const RunResult*> clean;
  for (const RunResult& run : runs) {
    if (!run.flagged) clean.push_back(&run);
  }
  if (clean.size() >= 3) return clean;
  std::vector<const RunResult*> all;
  for (const RunResult& run : runs) all.push_back(&run);
  return all;
}

perf::Summary summary(const std::vector<const RunResult*>& runs,
                      double (*value)(const RunResult&)) {
  std::vector<double> values;
  for (const RunResult* run : runs) values.push_back(value(*run));
  return perf::summarize(values);
}

void print_table(const std::vector<const ServerSpec*>& servers,
                 const std::vector<std::vector<RunResult>>& runs) {
  std::printf("  %-32s %9s %9s %9s %9s %9s   %s\n", "medians", "req/s", "p99 us", "user us",
              "sys us", "CPU us", "reps used");
  std::printf("  %-32s %9s %9s %9s %9s %9s\n", "", "", "", "/request", "/request", "/request");
  for (size_t i = 0; i < servers.size(); ++i) {
    const auto used = usable(runs[i]);
    const perf::Summary cpu = summary(used, kMetrics[0].value);
    std::printf("  %-32s %9s %9.1f %9.2f %9.2f %9.2f   %zu/%zu (CPU min-max %.2f-%.2f)\n",
                servers[i]->label.c_str(),
                perf::human(summary(used, kMetrics[1].value).median).c_str(),
                summary(used, kMetrics[2].value).median,
                summary(used, [](const RunResult& r) { return r.user_us; }).median,
                summary(used, [](const RunResult& r) { return r.system_us; }).median, cpu.median,
                used.size(), runs[i].size(), cpu.min, cpu.max);
  }
}

perf::Side side(const ServerSpec& server, const std::vector<RunResult>& runs,
                const Metric& metric) {
  perf::Side result{server.label, {}};
  for (const RunResult& run : runs) {
    result.reps.push_back({metric.value(run), run.other_cpus, run.flagged});
  }
  return result;
}

// Rounds of every server once, in an order that rotates, until enough
// rounds ran clean or the most allowed ran.
std::vector<std::vector<RunResult>> measure(const EchoCase& c,
                                            const std::vector<const ServerSpec*>& servers,
                                            const Rounds& rounds, const LoadShape& shape) {
  std::vector<std::vector<RunResult>> runs(servers.size());
  int clean = 0;
  for (int round = 0; round < rounds.max && clean < rounds.clean; ++round) {
    bool all_clean = true;
    for (size_t k = 0; k < servers.size(); ++k) {
      const size_t i = (static_cast<size_t>(round) + k) % servers.size();
      runs[i].push_back(run_once(*servers[i], shape));
      if (runs[i].back().flagged) {
        all_clean = false;
        std::printf("warning: echo.%s round %d (%s): other work used %.0f%% of a CPU\n",
                    c.key.c_str(), round + 1, servers[i]->label.c_str(),
                    runs[i].back().other_cpus * 100.0);
      }
    }
    if (all_clean) ++clean;
    std::fflush(stdout);
  }
  return runs;
}

void print_ratios(const EchoCase& c, const Lineup& lineup,
                  const std::vector<const ServerSpec*>& servers,
                  const std::vector<std::vector<RunResult>>& runs) {
  for (const Metric& metric : kMetrics) {
    for (const std::string& key : baseline_keys(c)) {
      const std::string name = ratio_name(metric, c, key);
      size_t index = servers.size();
      for (size_t i = 0; i < servers.size(); ++i) {
        if (servers[i]->key == key) index = i;
      }
      if (index == servers.size()) {
        std::printf("skip %s: %s\n", name.c_str(), lineup.asio_missing.c_str());
        continue;
      }
      std::printf("%s (%s vs %s):\n", name.c_str(), metric.unit, servers[index]->label.c_str());
      perf::report(name, target(metric, c, key), metric.unit, metric.better,
                   side(*servers[0], runs[0], metric), side(*servers[index], runs[index], metric));
    }
  }
}

}  // namespace

std::vector<EchoCase> selected_cases(const perf::Options& options) {
  std::vector<EchoCase> selected;
  for (const EchoCase& c : kCases) {
    bool match = c.key.find(options.filter) != std::string::npos;
    for (const std::string& name : ratio_names(c)) {
      match = match || name.find(options.filter) != std::string::npos;
    }
    const bool quick_case = c.key == "64b_50c" || c.key == "4k_50c";
    if (match && (!options.quick || !options.filter.empty() || quick_case)) selected.push_back(c);
  }
  return selected;
}

std::vector<std::string> ratio_names(const EchoCase& c) {
  std::vector<std::string> names;
  for (const Metric& metric : kMetrics) {
    for (const std::string& key : baseline_keys(c)) names.push_back(ratio_name(metric, c, key));
  }
  return names;
}

int run_case(const EchoCase& c, const Lineup& lineup, const Rounds& rounds,
             const LoadShape& timing) {
  LoadShape shape = timing;
  shape.message_size = c.message_size;
  shape.connections = c.connections;
  std::printf("\n== echo %s: %zu-byte messages, %zu connections, closed loop\n", c.key.c_str(),
              c.message_size, c.connections);
  if (large(c) && lineup.asio) {
    std::printf(
        "  note: above 1 KiB, ratios are against a copy of the Asio example with max_length\n"
        "  raised from 1024 to 65536 (by sed, at bench time): the stock example reads 1 KiB at\n"
        "  a time without TCP_NODELAY and so measures Nagle; its row is for reference.\n");
  }
  const std::vector<const ServerSpec*> servers = servers_of(c, lineup);
  try {
    const auto runs = measure(c, servers, rounds, shape);
    print_table(servers, runs);
    print_ratios(c, lineup, servers, runs);
  } catch (const std::exception& error) {
    std::printf("error: echo.%s: %s\n", c.key.c_str(), error.what());
    for (const Metric& metric : kMetrics) {
      for (const std::string& key : baseline_keys(c)) {
        std::printf("ratio %s 0.00 %s\n", ratio_name(metric, c, key).c_str(),
                    target(metric, c, key).c_str());
        cio::perf::record_outcome(ratio_name(metric, c, key), target(metric, c, key), "failed",
                                  error.what());
      }
    }
    std::fflush(stdout);
    return 1;
  }
  std::fflush(stdout);
  return 0;
}

}  // namespace cio::bench
