#include "server_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace cio::bench {
namespace {

using Clock = std::chrono::steady_clock;

// `listening on <addr>:<port> (tcp, shard 0)`: the port, if `line` is one.
std::optional<uint16_t> listening_port(const std::string& line) {
  const size_t start = line.find("listening on ");
  const size_t end = line.find(" (tcp, shard 0)");
  if (start == std::string::npos || end == std::string::npos || end < start) return std::nullopt;
  const size_t colon = line.rfind(':', end);
  if (colon == std::string::npos || colon < start) return std::nullopt;
  return static_cast<uint16_t>(std::stoul(line.substr(colon + 1, end - colon - 1)));
}

// The inodes of the sockets process `pid` has open ("socket:[123]" links).
std::set<std::string> socket_inodes(pid_t pid) {
  std::set<std::string> inodes;
  std::error_code error;
  for (const auto& entry :
       std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd", error)) {
    const std::string target = std::filesystem::read_symlink(entry.path(), error).string();
    if (target.starts_with("socket:[")) inodes.insert(target.substr(8, target.size() - 9));
  }
  return inodes;
}

// A listening (state 0A) socket of /proc/net/tcp whose inode is in `inodes`.
std::optional<uint16_t> listening_port(const std::set<std::string>& inodes) {
  std::ifstream table("/proc/net/tcp");
  std::string line;
  std::getline(table, line);  // the heading
  while (std::getline(table, line)) {
    std::istringstream fields(line);
    std::string slot, local, remote, state, queues, timer, retransmits, uid, timeout, inode;
    fields >> slot >> local >> remote >> state >> queues >> timer >> retransmits >> uid >>
        timeout >> inode;
    if (state == "0A" && inodes.contains(inode)) {
      return static_cast<uint16_t>(std::stoul(local.substr(local.find(':') + 1), nullptr, 16));
    }
  }
  return std::nullopt;
}

// utime and stime (fields 14 and 15, in clock ticks) of one /proc stat file.
CpuTimes thread_times(const std::filesystem::path& stat_path) {
  std::ifstream stat(stat_path);
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  const size_t name_end = text.rfind(')');
  if (name_end == std::string::npos) return {};
  std::istringstream fields(text.substr(name_end + 2));
  std::string field;
  CpuTimes ticks;
  for (int index = 3; index <= 15 && fields >> field; ++index) {
    if (index == 14) ticks.user = std::stod(field);
    if (index == 15) ticks.system = std::stod(field);
  }
  return ticks;
}

}  // namespace

ServerProcess::ServerProcess(const std::vector<std::string>& argv, int cpu)
    : name_(std::filesystem::path(argv.front()).filename().string()) {
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    if (::sched_setaffinity(0, sizeof(one), &one) != 0) {
      std::fprintf(stderr, "bench-echo: cannot pin %s to CPU %d\n", args[0], cpu);
      ::_exit(126);
    }
    ::dup2(pipe_fds[1], STDOUT_FILENO);  // the duplicates are not close-on-exec
    ::dup2(pipe_fds[1], STDERR_FILENO);
    ::execv(args[0], args.data());
    std::fprintf(stderr, "bench-echo: cannot run %s\n", args[0]);
    ::_exit(127);
  }
  ::close(pipe_fds[1]);
  pipe_ = pipe_fds[0];
  running_ = true;
}

ServerProcess::~ServerProcess() {
  stop();
  ::close(pipe_);
}

uint16_t ServerProcess::port_from_log(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  size_t scanned = 0;
  for (;;) {
    for (size_t end = output_.find('\n', scanned); end != std::string::npos;
         end = output_.find('\n', scanned)) {
      if (const auto port = listening_port(output_.substr(scanned, end - scanned))) return *port;
      scanned = end + 1;
    }
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    pollfd readable{pipe_, POLLIN, 0};
    char buffer[4096];
    const ssize_t got = left.count() > 0 && ::poll(&readable, 1, static_cast<int>(left.count())) > 0
                            ? ::read(pipe_, buffer, sizeof(buffer))
                            : -1;
    if (got <= 0) {
      throw std::runtime_error(name_ + (got == 0 ? " exited" : " timed out") +
                               " before logging `listening on ... (tcp, shard 0)`; it printed:\n" +
                               output_);
    }
    output_.append(buffer, static_cast<size_t>(got));
  }
}

uint16_t ServerProcess::port_from_proc(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    if (const auto port = listening_port(socket_inodes(pid_))) return *port;
    if (exited(std::chrono::milliseconds(5))) break;
  }
  throw std::runtime_error(name_ + " did not listen on a TCP port within " +
                           std::to_string(timeout.count()) + " ms");
}

CpuTimes ServerProcess::cpu() const {
  static const double tick = 1.0 / static_cast<double>(::sysconf(_SC_CLK_TCK));
  CpuTimes total;
  std::error_code error;
  for (const auto& task :
       std::filesystem::directory_iterator("/proc/" + std::to_string(pid_) + "/task", error)) {
    const CpuTimes ticks = thread_times(task.path() / "stat");
    total.user += ticks.user * tick;
    total.system += ticks.system * tick;
  }
  return total;
}

std::string ServerProcess::stop() {
  if (running_) {
    ::kill(pid_, SIGTERM);
    if (!exited(std::chrono::seconds(5))) {
      ::kill(pid_, SIGKILL);
      exited(std::chrono::hours(1));
    }
  }
  drain_output();
  std::string end;
  if (WIFEXITED(status_) && WEXITSTATUS(status_) != 0) {
    end = "exit status " + std::to_string(WEXITSTATUS(status_));
  } else if (WIFSIGNALED(status_) && WTERMSIG(status_) != SIGTERM) {
    end = "signal " + std::to_string(WTERMSIG(status_));
  }
  return end.empty() ? end : end + "; the end of its output:\n" + output_;
}

// Reaps the child if it ends within `wait`, reading its output meanwhile so
// that it never blocks on a full pipe.
bool ServerProcess::exited(std::chrono::milliseconds wait) {
  const auto deadline = Clock::now() + wait;
  while (running_) {
    drain_output();
    if (::waitpid(pid_, &status_, WNOHANG) == pid_) {
      running_ = false;
    } else if (Clock::now() >= deadline) {
      return false;
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  return true;
}

// Reads what it wrote since we last looked, keeping the last few KiB.
void ServerProcess::drain_output() {
  constexpr size_t kKept = 4096;
  pollfd readable{pipe_, POLLIN, 0};
  char buffer[4096];
  while (::poll(&readable, 1, 0) > 0) {
    const ssize_t got = ::read(pipe_, buffer, sizeof(buffer));
    if (got <= 0) break;
    output_.append(buffer, static_cast<size_t>(got));
  }
  if (output_.size() > kKept) output_.erase(0, output_.size() - kKept);
}

}  // namespace cio::bench
