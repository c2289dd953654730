#include "servers.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include <cio/perf/suite.hpp>

extern char** environ;

namespace cio::bench {
namespace {

namespace fs = std::filesystem;

constexpr const char* kAsioSource =
    "/usr/share/doc/libasio-dev/examples/cpp11/echo/async_tcp_echo_server.cpp";

// Runs `argv` (found on PATH) to the end, its stdout into `output` if given.
void run_command(const std::vector<std::string>& argv, const std::string& output = "") {
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (!output.empty()) {
    posix_spawn_file_actions_addopen(&actions, 1, output.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
  }
  pid_t pid = 0;
  const int error = ::posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) throw std::runtime_error("cannot run " + argv[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw std::runtime_error(argv[0] + " failed (status " + std::to_string(status) + ")");
  }
}

bool up_to_date(const fs::path& made, const fs::path& from) {
  return fs::exists(made) && fs::last_write_time(made) >= fs::last_write_time(from);
}

// The example with `enum { max_length = 1024 };` raised to 65536, so that
// messages above 1 KiB are read in one piece (see BENCHMARKING.md).
fs::path raised_copy(const fs::path& dir) {
  const fs::path copy = dir / "async_tcp_echo_server_64k.cpp";
  if (up_to_date(copy, kAsioSource)) return copy;
  run_command({"sed", "-e", "s/max_length = 1024/max_length = 65536/", kAsioSource}, copy.string());
  std::ifstream text(copy);
  const std::string code((std::istreambuf_iterator<char>(text)), std::istreambuf_iterator<char>());
  if (code.find("max_length = 65536") == std::string::npos) {
    fs::remove(copy);
    throw std::runtime_error(std::string("no `max_length = 1024` to raise in ") + kAsioSource);
  }
  return copy;
}

fs::path compiled(const fs::path& source, const fs::path& binary) {
  if (up_to_date(binary, source)) return binary;
  std::printf("compiling %s with g++ -O2 -std=c++17 -pthread into %s ...\n",
              source.string().c_str(), binary.string().c_str());
  std::fflush(stdout);
  run_command({"g++", "-O2", "-std=c++17", "-pthread", "-o", binary.string(), source.string()});
  return binary;
}

}  // namespace

ServerSpec cio_echo_server() {
  // The listening line is logged at info: keep the echo logger there and
  // everything else at warn.
  return {"cio_echo",
          "cio-echo (1 shard)",
          {CIO_ECHO, "--config", CIO_ECHO_CONFIG, "--shards", "1", "--cpuset", "0", "--echo.tcp",
           "127.0.0.1:0", "--log.level", "warn", "--log.levels", "echo=info"},
          true};
}

// The same provided-buffer ring as cio-echo's config/echo.yaml (512
// buffers of 16 KiB), so that the two differ in code, not in settings.
ServerSpec uring_server() {
  return {"uring", "uring-echo-baseline", {URING_ECHO_BASELINE, "0", "512", "16384"}, true};
}

ServerSpec asio_server(bool max_length_64k) {
  if (!fs::exists(kAsioSource)) {
    throw perf::Skip(std::string("the Asio example is not installed (") + kAsioSource +
                     "): run scripts/setup.sh --bench");
  }
  const fs::path dir = CIO_BENCH_ECHO_DIR;
  if (max_length_64k) {
    return {"asio_64k",
            "asio example, max_length 65536",
            {compiled(raised_copy(dir), dir / "asio-echo-64k").string(), "0"},
            false};
  }
  return {"asio", "asio example", {compiled(kAsioSource, dir / "asio-echo").string(), "0"}, false};
}

const char* asio_source() { return kAsioSource; }

}  // namespace cio::bench
