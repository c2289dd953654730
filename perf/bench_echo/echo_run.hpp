// One repetition of an echo comparison: a fresh server pinned to CPU 0, the
// closed-loop load (perf/echo_load, in this thread, pinned to CPU 1) against
// it, and what the server spent per request over the measured window.
#pragma once

#include <chrono>
#include <cstddef>

#include "servers.hpp"

namespace cio::bench {

inline constexpr int kServerCpu = 0;

struct LoadShape {
  size_t message_size = 64;
  size_t connections = 50;
  std::chrono::milliseconds warmup{500};
  std::chrono::milliseconds window{3000};  // measured
};

struct RunResult {
  double requests_per_second = 0.0;
  double p99_us = 0.0;
  double user_us = 0.0;  // the server's CPU time per request
  double system_us = 0.0;
  double other_cpus = 0.0;  // CPU used by anything but the server and the load
  bool flagged = false;     // other_cpus above the harness's limit

  double cpu_us() const { return user_us + system_us; }
};

// Starts `server`, finds its port, runs the load, stops the server; a run
// in which no request completed (other work held the CPUs) is run again, up
// to twice. Throws std::runtime_error when the server fails to start, the
// load sees a wrong echo or a lost connection, or no request completes.
RunResult run_once(const ServerSpec& server, const LoadShape& shape);

}  // namespace cio::bench
