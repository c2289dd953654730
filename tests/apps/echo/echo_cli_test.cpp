// cio-echo's command-line conventions, on the real binary: --version,
// --check-config/-t, the config file as -c FILE or the lone argument, and
// the rules across keys (exit 2 before anything is bound).
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <string>

#include <cio/testing/temp_dir.hpp>
#include "start_echo.hpp"

namespace cio::apps_test {
namespace {

using namespace std::chrono_literals;
using cio::testing::TempDir;

TEST(EchoCli, VersionPrintsTheProjectVersion) {
  for (const char* flag : {"--version", "-v"}) {
    AppProcess echo(CIO_ECHO_BINARY, {flag});
    EXPECT_EQ(echo.wait_exit(10s), 0);
    EXPECT_TRUE(echo.wait_for(std::string("cio-echo ") + CIO_VERSION, {}, 1s)) << echo.log();
  }
}

TEST(EchoCli, CheckConfigValidatesWithoutBinding) {
  AppProcess good(CIO_ECHO_BINARY, echo_args({"--check-config", "--echo.tcp", "127.0.0.1:1"}));
  EXPECT_EQ(good.wait_exit(10s), 0);
  EXPECT_EQ(good.log(), "") << "nothing printed, nothing started";
  AppProcess bad(CIO_ECHO_BINARY, echo_args({"-t", "--echo.recv.buffers", "16",
                                             "--echo.recv.buffers_per_connection", "32"}));
  EXPECT_EQ(bad.wait_exit(10s), 2);
  EXPECT_TRUE(
      bad.wait_for("--echo.recv.buffers_per_connection: 32 is more than echo.recv.buffers", {}, 1s))
      << bad.log();
}

TEST(EchoCli, TheConfigFileMayBeTheLoneArgument) {
  TempDir dir;
  const std::string path = dir.file("echo.yaml");
  std::ofstream(path) << "shards: 2\noverprovision: true\necho:\n  tcp: [127.0.0.1:0]\n";
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{path}, std::vector<std::string>{"-c", path}}) {
    AppProcess server(CIO_ECHO_BINARY, args);
    EXPECT_NE(server.wait_for_port(), 0) << "port 0 comes from the file: " << server.log();
    server.signal(SIGTERM);
    EXPECT_EQ(server.wait_exit(15s), 0);
  }
  AppProcess stray(CIO_ECHO_BINARY, {dir.file("absent.yaml")});
  EXPECT_EQ(stray.wait_exit(10s), 2);
  EXPECT_TRUE(stray.wait_for("not a readable config file", {}, 1s)) << stray.log();
}

TEST(EchoCli, EveryConfigErrorIsReportedWithItsLine) {
  TempDir dir;
  const std::string path = dir.file("echo.yaml");
  std::ofstream(path) << "echo:\n  tcp: []\n  recv:\n    buffers: 1000\n    buffer_size: 1\n";
  AppProcess bad(CIO_ECHO_BINARY, {path});
  EXPECT_EQ(bad.wait_exit(10s), 2);
  EXPECT_TRUE(bad.wait_for(path + ":4:5: echo.recv.buffers: 1000 is not a power of two", {}, 1s))
      << bad.log();
  EXPECT_TRUE(bad.wait_for(path + ":5:5: echo.recv.buffer_size: 1 is out of range", {}, 1s))
      << bad.log();
  std::ofstream(path) << "echo:\n  tcp: []\n";
  AppProcess none(CIO_ECHO_BINARY, {path});
  EXPECT_EQ(none.wait_exit(10s), 2) << "a rule across keys is a config error";
  EXPECT_TRUE(none.wait_for(path + ":2:3: echo.tcp: no listener configured", {}, 1s)) << none.log();
}

}  // namespace
}  // namespace cio::apps_test
