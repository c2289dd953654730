#include "kernel_threads.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>

namespace cio::bench {
namespace {

constexpr unsigned long kKernelThread = 0x00200000;  // PF_KTHREAD

// utime + stime in clock ticks if /proc/<pid>/stat is a kernel thread's, else 0.
unsigned long long kernel_ticks(const std::filesystem::path& stat) {
  FILE* file = std::fopen(stat.c_str(), "re");
  if (file == nullptr) return 0;
  char line[1024];
  const bool read = std::fgets(line, sizeof(line), file) != nullptr;
  std::fclose(file);
  // The command name may hold spaces: the fields start after its ')'.
  const char* fields = read ? std::strrchr(line, ')') : nullptr;
  unsigned long flags = 0;
  unsigned long long utime = 0;
  unsigned long long stime = 0;
  if (fields == nullptr ||
      std::sscanf(fields + 2, "%*c %*d %*d %*d %*d %*d %lu %*u %*u %*u %*u %llu %llu", &flags,
                  &utime, &stime) != 3) {
    return 0;
  }
  return (flags & kKernelThread) != 0 ? utime + stime : 0;
}

}  // namespace

double kernel_thread_seconds() {
  unsigned long long ticks = 0;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", error)) {
    const std::string name = entry.path().filename().string();
    if (!name.empty() && name[0] >= '0' && name[0] <= '9')
      ticks += kernel_ticks(entry.path() / "stat");
  }
  return static_cast<double>(ticks) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

}  // namespace cio::bench
