// The echo comparisons: message size x connection count. In each round
// every server of the case runs once (a fresh process each time, the order
// rotating), until enough rounds ran with no run disturbed by other work. Each case prints a table
// of medians and lines
//   ratio echo.<metric>.<case>.<baseline> <value> <target>
// for metric cpu_per_request (baseline / ours), requests (ours / baseline)
// and p99 (baseline / ours): higher is better.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <cio/perf/options.hpp>

#include "echo_run.hpp"
#include "servers.hpp"

namespace cio::bench {

struct EchoCase {
  std::string key;  // "64b_50c"
  size_t message_size;
  size_t connections;
};

// The servers of every case, made ready once.
struct Lineup {
  ServerSpec ours;
  ServerSpec uring;
  std::optional<ServerSpec> asio;
  std::optional<ServerSpec> asio_64k;  // for messages above 1 KiB
  std::string asio_missing;            // why `asio` is absent
};

// The cases the options select: those whose key or ratio names contain
// --filter; with --quick and no filter, 64b_50c and 4k_50c.
std::vector<EchoCase> selected_cases(const perf::Options& options);

// The ratio lines a case prints.
std::vector<std::string> ratio_names(const EchoCase& c);

struct Rounds {
  int clean = 7;  // wanted: rounds in which no run was disturbed
  int max = 14;   // rounds at most
};

// Runs one case; returns 0, or 1 when a server or the load failed (its
// ratio lines then print 0.00).
int run_case(const EchoCase& c, const Lineup& lineup, const Rounds& rounds,
             const LoadShape& timing);

}  // namespace cio::bench
