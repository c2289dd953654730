// The app entry point, through a real program (cio-test-server): bad
// configuration exits 2 before anything starts; SIGTERM with connections
// open exits 0 within shutdown_timeout; a second signal exits at once; a
// shutdown that overruns its timeout exits 1; SIGHUP reopens the log file
// and does not stop the server; a log file that cannot be opened exits 1.
#include <gtest/gtest.h>

#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <cio/testing/loopback_client.hpp>
#include <cio/testing/temp_dir.hpp>

extern char** environ;

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// The test server, its stderr readable line by line.
class Server {
 public:
  explicit Server(std::vector<std::string> args) {
    args.insert(args.begin(), CIO_TEST_SERVER);
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    int pipe_fds[2];
    EXPECT_EQ(::pipe(pipe_fds), 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDERR_FILENO);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
    EXPECT_EQ(posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ), 0);
    posix_spawn_file_actions_destroy(&actions);
    ::close(pipe_fds[1]);
    output_ = pipe_fds[0];
  }
  ~Server() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    ::close(output_);
  }

  // Reads stderr until a line contains `text`; returns what follows it.
  std::optional<std::string> wait_for(std::string_view text, Clock::duration limit = 10s) {
    const auto deadline = Clock::now() + limit;
    for (;;) {
      for (size_t end; (end = text_.find('\n')) != std::string::npos;) {
        std::string line = text_.substr(0, end);
        text_.erase(0, end + 1);
        if (auto at = line.find(text); at != std::string::npos)
          return line.substr(at + text.size());
      }
      if (!read_some(deadline)) return std::nullopt;
    }
  }

  void signal(int signo) { ::kill(pid_, signo); }

  // The exit code (128 + signal if killed), or nullopt after `limit`.
  std::optional<int> wait_exit(Clock::duration limit) {
    const auto deadline = Clock::now() + limit;
    while (Clock::now() < deadline) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      ::usleep(5000);
    }
    return std::nullopt;
  }

  const std::string& unread() const { return text_; }

 private:
  bool read_some(Clock::time_point deadline) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    pollfd ready{output_, POLLIN, 0};
    if (left.count() <= 0 || ::poll(&ready, 1, static_cast<int>(left.count())) <= 0) return false;
    char buffer[4096];
    const ssize_t got = ::read(output_, buffer, sizeof(buffer));
    if (got <= 0) return false;
    text_.append(buffer, static_cast<size_t>(got));
    return true;
  }

  pid_t pid_ = -1;
  int output_ = -1;
  std::string text_;
};

// The port of "listening on 127.0.0.1:<port> (tcp, shard 0)".
std::optional<uint16_t> listening_port(Server& server) {
  auto rest = server.wait_for("listening on 127.0.0.1:");
  if (!rest || rest->find(" (tcp, shard 0)") == std::string::npos) return std::nullopt;
  return static_cast<uint16_t>(std::stoi(*rest));
}

// Starts the server, opens `count` connections and checks one echoes.
std::vector<int> open_connections(Server& server, int count) {
  auto port = listening_port(server);
  EXPECT_TRUE(port) << "no listening line; stderr so far: " << server.unread();
  std::vector<int> fds;
  if (!port) return fds;
  for (int i = 0; i < count; ++i) fds.push_back(cio::testing::connect_loopback(*port));
  char byte = 'x';
  EXPECT_EQ(::write(fds[0], &byte, 1), 1);
  EXPECT_EQ(::read(fds[0], &byte, 1), 1);
  return fds;
}

void close_all(const std::vector<int>& fds) {
  for (int fd : fds) ::close(fd);
}

TEST(AppEntry, BadConfigurationExitsTwoBeforeStarting) {
  Server server({"--shards", "0"});
  EXPECT_EQ(server.wait_exit(10s), 2);
  Server too_many({"--shards", "1024"});
  EXPECT_EQ(too_many.wait_exit(10s), 2);
  auto message = too_many.wait_for("shards: 1024 requested but only", 1s);
  EXPECT_TRUE(message) << too_many.unread();
  auto hint = too_many.wait_for("Try 'cio-test-server --help' for more information.", 1s);
  EXPECT_TRUE(hint) << too_many.unread();
}

TEST(AppEntry, SigtermWithConnectionsOpenExitsZeroWithinTheTimeout) {
  Server server({"--shards", "2", "--overprovision", "--shutdown_timeout", "2s"});
  auto fds = open_connections(server, 10);
  const auto signalled = Clock::now();
  server.signal(SIGTERM);
  EXPECT_EQ(server.wait_exit(10s), 0);
  EXPECT_LT(Clock::now() - signalled, 2s + 500ms);
  close_all(fds);
}

TEST(AppEntry, ASecondSignalExitsAtOnce) {
  Server server(
      {"--shards", "2", "--overprovision", "--shutdown_timeout", "30s", "--test.ignore_stop"});
  auto fds = open_connections(server, 3);
  server.signal(SIGTERM);
  EXPECT_TRUE(server.wait_for("SIGTERM received: stopping"));
  const auto signalled = Clock::now();
  server.signal(SIGINT);
  EXPECT_EQ(server.wait_exit(10s), 128 + SIGINT);
  EXPECT_LT(Clock::now() - signalled, 5s);
  close_all(fds);
}

TEST(AppEntry, OverrunningTheShutdownTimeoutExitsOne) {
  Server server({"--shards", "1", "--shutdown_timeout", "200ms", "--test.ignore_stop"});
  auto fds = open_connections(server, 2);
  server.signal(SIGTERM);
  EXPECT_EQ(server.wait_exit(10s), 1);
  close_all(fds);
}

std::string read_all(const std::string& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), {}};
}

// Polls `path` until it holds `text`; false after `limit`.
bool file_gets(const std::string& path, std::string_view text, Clock::duration limit = 5s) {
  for (const auto deadline = Clock::now() + limit; Clock::now() < deadline; ::usleep(5000)) {
    if (read_all(path).find(text) != std::string::npos) return true;
  }
  return false;
}

TEST(AppEntry, SighupReopensTheLogFileAndKeepsServing) {
  cio::testing::TempDir dir;
  const std::string path = dir.file("server.log");
  Server server({"--shards", "1", "--log.output", "file", "--log.file", path});
  auto fds = open_connections(server, 1);
  ASSERT_TRUE(file_gets(path, "[driver] [info] driver: ")) << read_all(path);
  ASSERT_EQ(std::rename(path.c_str(), (path + ".1").c_str()), 0);
  server.signal(SIGHUP);
  EXPECT_TRUE(file_gets(path, "[app] [info] SIGHUP received: log file reopened"));
  char byte = 'y';
  EXPECT_EQ(::write(fds[0], &byte, 1), 1);
  EXPECT_EQ(::read(fds[0], &byte, 1), 1) << "still serving after SIGHUP";
  close_all(fds);
  server.signal(SIGTERM);
  EXPECT_EQ(server.wait_exit(10s), 0);
  EXPECT_NE(read_all(path).find("SIGTERM received: stopping"), std::string::npos);
  EXPECT_EQ(read_all(path + ".1").find("SIGHUP"), std::string::npos);
}

TEST(AppEntry, ALogFileThatCannotBeOpenedExitsOneBeforeStarting) {
  cio::testing::TempDir dir;
  const std::string path = dir.file("missing/server.log");
  Server server({"--log.output", "file", "--log.file", path});
  EXPECT_EQ(server.wait_exit(10s), 1);
  auto message = server.wait_for("cio-test-server: cannot open the log file '" + path + "'", 1s);
  ASSERT_TRUE(message) << server.unread();
  EXPECT_EQ(*message, ": No such file or directory");
}

}  // namespace
