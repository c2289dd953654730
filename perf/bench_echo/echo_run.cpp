#include "echo_run.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <string>

#include <cio/perf/compare.hpp>
#include <cio/perf/machine.hpp>

#include "load_client.hpp"
#include "server_process.hpp"

namespace cio::bench {
namespace {

constexpr std::chrono::seconds kStartTimeout{10};
constexpr int kRetries = 2;

std::string load_failure(const ServerSpec& server, const perf::LoadResult& load) {
  return server.label + ": " + std::to_string(load.mismatches) + " wrong echoes, " +
         std::to_string(load.errors) + " lost connections, " + std::to_string(load.requests) +
         " requests" + (load.first_error.empty() ? "" : " (" + load.first_error + ")");
}

// One server process and one load run against it.
struct Window {
  perf::LoadResult load;
  CpuTimes before;  // the server's, at the window's edges
  CpuTimes after;
  double busy_others = 0.0;  // CPUs used by everything but this process (the load)
  double resolution = 1.0;   // of busy_others
};

Window measure_window(const ServerSpec& server, const LoadShape& shape) {
  ServerProcess process(server.argv, kServerCpu);
  perf::LoadConfig config;
  config.port = server.logs_port ? process.port_from_log(kStartTimeout)
                                 : process.port_from_proc(kStartTimeout);
  config.connections = shape.connections;
  config.message_size = shape.message_size;
  config.warmup = shape.warmup;
  config.duration = shape.window;

  // The window's edges: the server's CPU time and the machine's busy time
  // are sampled together, after the warm-up and before the connections close.
  perf::LoadProbe probe;
  Window window;
  window.load = perf::run_load(config, {[&] {
                                          window.before = process.cpu();
                                          probe.start();
                                        },
                                        [&] {
                                          window.busy_others = probe.stop();
                                          window.after = process.cpu();
                                        }});
  window.resolution = probe.resolution();
  const std::string ended = process.stop();
  if (!ended.empty()) {
    std::printf("warning: %s ended with %s\n", server.label.c_str(), ended.c_str());
  }
  return window;
}

}  // namespace

RunResult run_once(const ServerSpec& server, const LoadShape& shape) {
  Window window = measure_window(server, shape);
  // Other work can take both CPUs for the whole window; then nothing is
  // measured, and the run is tried again.
  for (int retry = 0; retry < kRetries && window.load.requests == 0 && window.load.errors == 0;
       ++retry) {
    std::printf("warning: %s completed no request while other work used %.0f%% of a CPU: again\n",
                server.label.c_str(), window.busy_others * 100.0);
    window = measure_window(server, shape);
  }
  const perf::LoadResult& load = window.load;
  if (load.mismatches > 0 || load.errors > 0 || load.requests == 0) {
    throw std::runtime_error(load_failure(server, load));
  }

  const double seconds = std::chrono::duration<double>(load.elapsed).count();
  const double requests = static_cast<double>(load.requests);
  const CpuTimes& before = window.before;
  const CpuTimes& after = window.after;
  RunResult result;
  result.requests_per_second = requests / seconds;
  result.p99_us = static_cast<double>(load.latency.quantile(0.99)) / 1e3;
  result.user_us = (after.user - before.user) * 1e6 / requests;
  result.system_us = (after.system - before.system) * 1e6 / requests;
  const double server_cpus = (after.user + after.system - before.user - before.system) / seconds;
  result.other_cpus = std::max(window.busy_others - server_cpus, 0.0);
  result.flagged = result.other_cpus > std::max(perf::kBusyLimit, window.resolution);
  return result;
}

}  // namespace cio::bench
