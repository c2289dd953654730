#include "timed_run.hpp"

#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include <cio/perf/machine.hpp>

#include "kernel_threads.hpp"

extern char** environ;

namespace cio::bench {
namespace {

double children_cpu_seconds() {
  rusage usage{};
  ::getrusage(RUSAGE_CHILDREN, &usage);
  const auto seconds = [](const timeval& tv) {
    return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

void spawn_and_wait(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  if (::posix_spawnp(&pid, args[0], nullptr, nullptr, args.data(), environ) != 0) {
    throw std::runtime_error("cannot start " + argv[0]);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw std::runtime_error(argv[0] + " failed (status " + std::to_string(status) + ")");
  }
}

}  // namespace

perf::Rep timed_run(const std::vector<std::string>& argv) {
  perf::LoadProbe probe;
  const double cpu_before = children_cpu_seconds() + kernel_thread_seconds();
  probe.start();
  const auto started = std::chrono::steady_clock::now();
  spawn_and_wait(argv);
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const double busy = probe.stop();
  const double copy_cpu = children_cpu_seconds() + kernel_thread_seconds() - cpu_before;
  const double others = busy - copy_cpu / wall;
  perf::Rep rep;
  rep.value = wall;
  rep.other_cpus = std::max(others, 0.0);
  rep.flagged = rep.other_cpus > std::max(perf::kBusyLimit, probe.resolution());
  return rep;
}

}  // namespace cio::bench
