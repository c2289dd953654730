#include "app_process.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>

extern char** environ;

namespace cio::apps_test {

AppProcess::AppProcess(const std::string& binary, const std::vector<std::string>& args) {
  std::vector<std::string> words{binary};
  words.insert(words.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDERR_FILENO);
  if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[1]);
  reader_ = std::thread([this, fd = pipe_fds[0]] { read_output(fd); });
}

AppProcess::~AppProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  if (reader_.joinable()) reader_.join();  // the pipe ends with the process
}

void AppProcess::read_output(int fd) {
  char buffer[4096];
  for (;;) {
    const ssize_t got = ::read(fd, buffer, sizeof(buffer));
    if (got < 0 && errno == EINTR) continue;
    std::lock_guard lock(mutex_);
    if (got <= 0) {
      ended_ = true;
      changed_.notify_all();
      break;
    }
    text_.append(buffer, static_cast<size_t>(got));
    changed_.notify_all();
  }
  ::close(fd);
}

namespace {

// The text between `before` and a later `after` in `line`, if both are there.
std::optional<std::string> between(std::string_view line, std::string_view before,
                                   std::string_view after) {
  const size_t start = line.find(before);
  if (start == std::string_view::npos) return std::nullopt;
  const std::string_view rest = line.substr(start + before.size());
  if (after.empty()) return std::string(rest);
  const size_t end = rest.find(after);
  if (end == std::string_view::npos) return std::nullopt;
  return std::string(rest.substr(0, end));
}

}  // namespace

std::optional<std::string> AppProcess::wait_for(std::string_view before, std::string_view after,
                                                Duration limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  std::unique_lock lock(mutex_);
  for (;;) {
    for (size_t end; (end = text_.find('\n', searched_)) != std::string::npos;) {
      const std::string_view line(text_.data() + searched_, end - searched_);
      searched_ = end + 1;
      if (auto found = between(line, before, after)) return found;
    }
    if (ended_) return std::nullopt;
    if (changed_.wait_until(lock, deadline) == std::cv_status::timeout) return std::nullopt;
  }
}

uint16_t AppProcess::wait_for_port(const std::string& proto) {
  auto port = wait_for("listening on 127.0.0.1:", " (" + proto + ", shard 0)");
  return port ? static_cast<uint16_t>(std::stoi(*port)) : 0;
}

std::string AppProcess::log() const {
  std::lock_guard lock(mutex_);
  return text_;
}

void AppProcess::signal(int signo) const {
  if (pid_ > 0) ::kill(pid_, signo);
}

std::optional<int> AppProcess::wait_exit(Duration limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (pid_ > 0 && std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    ::usleep(2000);
  }
  return std::nullopt;
}

uint64_t AppProcess::rss_kib() const {
  std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) != 0) continue;
    std::istringstream fields(line.substr(6));
    uint64_t kib = 0;
    fields >> kib;
    return kib;
  }
  return 0;
}

}  // namespace cio::apps_test
