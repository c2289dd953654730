// AppProcess: a bundled app run as a child process for integration tests.
// Its stderr (where servers log) is collected by a reader thread, so the
// child never blocks on a full pipe, and is searched line by line; the
// process can be signalled, awaited and measured (VmRSS).
#pragma once

#include <signal.h>
#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace cio::apps_test {

class AppProcess {
 public:
  using Duration = std::chrono::steady_clock::duration;

  // Starts `binary` with `args`; stdout and stderr both go to the log.
  AppProcess(const std::string& binary, const std::vector<std::string>& args);
  // Kills the process if it still runs.
  ~AppProcess();
  AppProcess(const AppProcess&) = delete;
  AppProcess& operator=(const AppProcess&) = delete;

  pid_t pid() const noexcept { return pid_; }

  // Waits for a log line holding `before`, followed by `after` when that is
  // not empty; returns the text between them (the rest of the line for an
  // empty `after`), or nullopt after `limit` or when the output ends. Lines
  // up to the last one found are not searched again. (std::regex trips
  // GCC 12's -Wmaybe-uninitialized in the Sanitize build.)
  std::optional<std::string> wait_for(std::string_view before, std::string_view after = {},
                                      Duration limit = std::chrono::seconds(10));
  // The port of "listening on 127.0.0.1:<port> (<proto>, shard 0)", or 0.
  uint16_t wait_for_port(const std::string& proto = "tcp");
  // Everything logged so far.
  std::string log() const;

  void signal(int signo) const;
  // The exit code (128 + signal when killed), or nullopt after `limit`.
  std::optional<int> wait_exit(Duration limit);
  // Resident memory in KiB (VmRSS), or 0 when unreadable.
  uint64_t rss_kib() const;

 private:
  void read_output(int fd);

  pid_t pid_ = -1;
  std::thread reader_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::string text_;
  size_t searched_ = 0;  // offset of the first line not matched yet
  bool ended_ = false;
};

}  // namespace cio::apps_test
