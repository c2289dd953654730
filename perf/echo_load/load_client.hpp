// The closed loop of cio-echo-load: N connections, one message in flight on
// each; a connection sends its next message only after the whole echo of
// the previous one came back and matched, byte for byte. One thread, epoll.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "latency_histogram.hpp"

namespace cio::perf {

struct LoadConfig {
  std::string host = "127.0.0.1";
  uint16_t port = 7000;
  size_t connections = 50;
  size_t message_size = 64;
  std::chrono::milliseconds warmup{500};
  std::chrono::milliseconds duration{5000};
};

struct LoadResult {
  uint64_t requests = 0;  // echoes completed after the warm-up
  uint64_t mismatches = 0;
  uint64_t errors = 0;  // connections lost
  // Echoes of the slowest and of the fastest connection: equal when the
  // server serves the connections in turn, apart when it favours some.
  uint64_t fewest_per_connection = 0;
  uint64_t most_per_connection = 0;
  std::chrono::nanoseconds elapsed{0};
  LatencyHistogram latency;
  std::string first_error;
};

// Called at the edges of the measured window, e.g. to sample the server's
// CPU time over exactly the requests counted (connecting, the warm-up and
// closing the connections fall outside it). Either may be empty.
struct MeasureHooks {
  std::function<void()> started;
  std::function<void()> stopped;
};

// Connects every connection, runs the warm-up, calls hooks.started, measures
// for `duration`, calls hooks.stopped, then closes the connections. Throws
// std::runtime_error when connecting fails.
LoadResult run_load(const LoadConfig& config, const MeasureHooks& hooks);

}  // namespace cio::perf
