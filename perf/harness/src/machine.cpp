#include <cio/perf/machine.hpp>

#include <sched.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

namespace cio::perf {
namespace {

struct StatSample {
  int64_t idle_ns = 0;  // idle + iowait, all CPUs
  int cpus = 0;
};

int64_t tick_ns() noexcept {
  static const int64_t ns = [] {
    const long hz = sysconf(_SC_CLK_TCK);
    return int64_t{1'000'000'000} / (hz > 0 ? hz : 100);
  }();
  return ns;
}

// Reads the "cpu" summary line and counts the per-CPU lines of /proc/stat.
StatSample read_proc_stat() noexcept {
  StatSample sample;
  FILE* file = std::fopen("/proc/stat", "re");
  if (file == nullptr) return sample;
  char line[512];
  while (std::fgets(line, sizeof(line), file) != nullptr) {
    if (std::strncmp(line, "cpu", 3) != 0) break;
    if (line[3] != ' ') {
      ++sample.cpus;
      continue;
    }
    unsigned long long user = 0, nice = 0, system = 0, idle = 0, iowait = 0;
    if (std::sscanf(line + 3, "%llu %llu %llu %llu %llu", &user, &nice, &system, &idle, &iowait) ==
        5) {
      sample.idle_ns = static_cast<int64_t>(idle + iowait) * tick_ns();
    }
  }
  std::fclose(file);
  return sample;
}

int64_t process_cpu_ns() noexcept {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
}

}  // namespace

int pin_this_thread() noexcept {
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  if (sched_getaffinity(0, sizeof(allowed), &allowed) != 0) return -1;
  int cpu = -1;
  if (CPU_ISSET(1, &allowed)) {
    cpu = 1;
  } else {
    for (int i = 0; i < CPU_SETSIZE && cpu < 0; ++i) {
      if (CPU_ISSET(i, &allowed)) cpu = i;
    }
  }
  if (cpu < 0) return -1;
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(cpu, &one);
  return sched_setaffinity(0, sizeof(one), &one) == 0 ? cpu : -1;
}

void LoadProbe::start() noexcept {
  idle_start_ns_ = read_proc_stat().idle_ns;
  own_start_ns_ = process_cpu_ns();
  wall_start_ = std::chrono::steady_clock::now();
}

double LoadProbe::stop() noexcept {
  const auto wall_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                           std::chrono::steady_clock::now() - wall_start_)
                           .count();
  const int64_t own_ns = process_cpu_ns() - own_start_ns_;
  const StatSample end = read_proc_stat();
  if (wall_ns <= 0 || end.cpus == 0) return 0.0;
  const double wall = static_cast<double>(wall_ns);
  resolution_ = static_cast<double>(tick_ns()) / wall;
  const int64_t busy_ns = end.cpus * wall_ns - (end.idle_ns - idle_start_ns_);
  const double other = static_cast<double>(busy_ns - own_ns) / wall;
  return other > 0.0 ? other : 0.0;
}

}  // namespace cio::perf
