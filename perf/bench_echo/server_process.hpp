// A server under test as a child process pinned to one CPU: started, asked
// for its port, sampled for CPU time, stopped.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace cio::bench {

// CPU time of every thread of a process, in seconds.
struct CpuTimes {
  double user = 0.0;
  double system = 0.0;
};

class ServerProcess {
 public:
  // Starts argv (argv[0] is a path) pinned to `cpu`, with its stdout and
  // stderr piped to us. Throws std::runtime_error when it cannot start.
  ServerProcess(const std::vector<std::string>& argv, int cpu);
  // Stops it (stop()) if it still runs.
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // The port of the first `listening on <addr>:<port> (tcp, shard 0)` line
  // it prints. Throws std::runtime_error if it exits or prints none within
  // `timeout`.
  uint16_t port_from_log(std::chrono::milliseconds timeout);
  // The port of the IPv4 TCP socket it listens on, found through /proc (for
  // servers that print nothing). Throws like port_from_log.
  uint16_t port_from_proc(std::chrono::milliseconds timeout);

  // utime and stime of all its threads, from /proc/PID/task/*/stat.
  CpuTimes cpu() const;

  // SIGTERM, then SIGKILL if it has not exited within 5 s. Returns "" when
  // it exited 0 or was ended by the SIGTERM, else what happened ("exit
  // status 1", "signal 11") and the end of its output.
  std::string stop();

 private:
  bool exited(std::chrono::milliseconds wait);
  void drain_output();

  std::string name_;
  pid_t pid_ = -1;
  int pipe_ = -1;       // read end of its stdout and stderr
  std::string output_;  // what it printed (the last few KiB once it runs)
  int status_ = 0;
  bool running_ = false;
};

}  // namespace cio::bench
