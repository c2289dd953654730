// cio-echo-load: a closed-loop load generator for echo servers. N
// connections each keep one message in flight, every echo is checked byte
// for byte, and it prints requests/s and latency quantiles; with
// --server-pid also the server's CPU time per request (all its threads).
#include <unistd.h>
#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>
#include <fstream>
#include <sstream>
#include <string>

#include "load_client.hpp"

namespace {

// utime + stime of every thread of `pid`, in seconds (0 if unreadable).
double cpu_seconds(int pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  const size_t end = text.rfind(')');
  if (end == std::string::npos) return 0;
  std::istringstream fields(text.substr(end + 2));
  std::string field;
  unsigned long long utime = 0;
  unsigned long long stime = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {  // fields 14 and 15
    if (i == 14) utime = std::stoull(field);
    if (i == 15) stime = std::stoull(field);
  }
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

}  // namespace

int main(int argc, char** argv) {
  cio::perf::LoadConfig config;
  int server_pid = 0;
  unsigned duration_ms = 5000;
  unsigned warmup_ms = 500;
  CLI::App app("cio-echo-load: closed-loop echo load; checks every echo, prints latency");
  app.add_option("--host", config.host, "IPv4 address of the server")->capture_default_str();
  app.add_option("--port", config.port, "TCP port of the server")->capture_default_str();
  app.add_option("-c,--connections", config.connections, "Connections, one message in flight each")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  app.add_option("-s,--size", config.message_size, "Message size in bytes")
      ->check(CLI::Range(1, 1 << 24))
      ->capture_default_str();
  app.add_option("-d,--duration-ms", duration_ms, "Measured time")->capture_default_str();
  app.add_option("--warmup-ms", warmup_ms, "Unmeasured time first")->capture_default_str();
  app.add_option("--server-pid", server_pid, "Report this process's CPU time per request");
  CLI11_PARSE(app, argc, argv);
  config.duration = std::chrono::milliseconds(duration_ms);
  config.warmup = std::chrono::milliseconds(warmup_ms);
  try {
    double cpu = 0;
    cio::perf::MeasureHooks hooks;
    if (server_pid > 0) {
      hooks.started = [&] { cpu = -cpu_seconds(server_pid); };
      hooks.stopped = [&] { cpu += cpu_seconds(server_pid); };
    }
    auto result = cio::perf::run_load(config, hooks);
    const double seconds = std::chrono::duration<double>(result.elapsed).count();
    const auto micros = [&](double q) {
      return static_cast<double>(result.latency.quantile(q)) / 1e3;
    };
    std::printf(
        "connections %zu size %zu: %llu requests, %.0f req/s, latency p50 %.1f us, "
        "p99 %.1f us, p99.9 %.1f us\n",
        config.connections, config.message_size, static_cast<unsigned long long>(result.requests),
        static_cast<double>(result.requests) / seconds, micros(0.5), micros(0.99), micros(0.999));
    std::printf("per connection %llu .. %llu requests\n",
                static_cast<unsigned long long>(result.fewest_per_connection),
                static_cast<unsigned long long>(result.most_per_connection));
    if (server_pid > 0 && result.requests > 0) {
      std::printf("server cpu %.2f us/request\n", cpu * 1e6 / static_cast<double>(result.requests));
    }
    if (result.mismatches > 0 || result.errors > 0) {
      std::fprintf(stderr, "cio-echo-load: %llu mismatched echoes, %llu lost connections: %s\n",
                   static_cast<unsigned long long>(result.mismatches),
                   static_cast<unsigned long long>(result.errors), result.first_error.c_str());
      return 1;
    }
  } catch (const std::exception& error) {
    std::fprintf(stderr, "cio-echo-load: %s\n", error.what());
    return 1;
  }
  return 0;
}
