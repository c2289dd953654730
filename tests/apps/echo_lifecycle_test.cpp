// cio-echo's start and stop: SIGTERM with clients connected exits 0 within
// shutdown_timeout, bad settings are refused before anything is bound,
// recv.multishot=on fails on epoll, and the shipped config file runs.
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <chrono>
#include <string>
#include <vector>

#include "echo_client.hpp"
#include "start_echo.hpp"

namespace cio::apps_test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

const std::vector<std::byte> kHello = random_bytes(5, 5);

// Fills the path to the server until sends stall, never reading.
void stall(int fd) {
  const auto block = random_bytes(size_t{1} << 16, 2);
  while (send_all(fd, block, 300ms)) {
  }
}

TEST(EchoLifecycle, SigtermWithIdleClientsExitsZeroAtOnce) {
  AppProcess server = start_echo({"--shutdown_timeout", "10s"});
  const uint16_t port = server.wait_for_port();
  ASSERT_NE(port, 0) << server.log();
  std::vector<Socket> clients;
  for (int i = 0; i < 20; ++i) {
    clients.push_back(connect_tcp4(port));
    ASSERT_TRUE(round_trip(clients.back().get(), kHello));
  }
  const auto signalled = Clock::now();
  server.signal(SIGTERM);
  EXPECT_EQ(server.wait_exit(15s), 0);
  EXPECT_LT(Clock::now() - signalled, 2s) << "idle connections held the shutdown";
  for (auto& client : clients) EXPECT_TRUE(closed_by_peer(client.get(), 1000ms));
  EXPECT_TRUE(server.wait_for("shard 1: ", " connections open", 1s)) << server.log();
}

TEST(EchoLifecycle, SigtermWithAStalledClientExitsZeroWithinTheTimeout) {
  AppProcess server = start_echo({"--shutdown_timeout", "1500ms"});
  const uint16_t port = server.wait_for_port();
  ASSERT_NE(port, 0) << server.log();
  Socket idle = connect_tcp4(port);
  ASSERT_TRUE(round_trip(idle.get(), kHello));
  Socket stalled = connect_tcp4(port);
  stall(stalled.get());  // its echo is stuck in a send that never completes
  const auto signalled = Clock::now();
  server.signal(SIGTERM);
  EXPECT_EQ(server.wait_exit(10s), 0) << server.log();
  EXPECT_LT(Clock::now() - signalled, 1500ms + 800ms);
}

TEST(EchoLifecycle, BadSettingsExitTwoBeforeBinding) {
  AppProcess bad_address(CIO_ECHO_BINARY, {"--echo.tcp", "localhost:7000"});
  EXPECT_EQ(bad_address.wait_exit(10s), 2);
  EXPECT_TRUE(bad_address.wait_for("echo.tcp: 'localhost:7000'", {}, 1s)) << bad_address.log();
  AppProcess bad_mode(CIO_ECHO_BINARY, {"--echo.tcp", "127.0.0.1:0 sideways"});
  EXPECT_EQ(bad_mode.wait_exit(10s), 2);
  AppProcess bad_ring(CIO_ECHO_BINARY, {"--echo.recv.buffers", "1000"});
  EXPECT_EQ(bad_ring.wait_exit(10s), 2);
  EXPECT_TRUE(bad_ring.wait_for("a power of two", {}, 1s)) << bad_ring.log();
}

TEST(EchoLifecycle, MultishotOnFailsAtStartOnEpoll) {
  AppProcess server = start_echo({"--backend", "epoll", "--echo.recv.multishot", "on"});
  EXPECT_EQ(server.wait_exit(10s), 1);
  EXPECT_TRUE(server.wait_for("echo.recv.multishot is 'on' but the epoll backend", {}, 1s))
      << server.log();
  EXPECT_EQ(server.log().find("listening on"), std::string::npos) << server.log();
}

// Whatever the balancing: with reuseport the kernel would otherwise let the
// second server join the first one's port and take half its clients.
TEST(EchoLifecycle, APortInUseFailsAtStart) {
  for (const char* balancing : {"reuseport", "distribute"}) {
    AppProcess first = start_echo({"--echo.balancing", balancing});
    const uint16_t port = first.wait_for_port();
    ASSERT_NE(port, 0) << first.log();
    const std::string taken = "127.0.0.1:" + std::to_string(port);
    AppProcess second(CIO_ECHO_BINARY,
                      {"--shards", "2", "--overprovision", "--echo.tcp", taken + " " + balancing});
    EXPECT_EQ(second.wait_exit(10s), 1) << balancing;
    EXPECT_TRUE(second.wait_for("tcp " + taken, "in use", 1s)) << second.log();
  }
}

TEST(EchoLifecycle, TheShippedConfigRuns) {
  AppProcess server(CIO_ECHO_BINARY, {"--config", CIO_ECHO_CONFIG, "--echo.tcp", "127.0.0.1:0",
                                      "--shards", "2", "--overprovision"});
  const uint16_t port = server.wait_for_port();
  ASSERT_NE(port, 0) << server.log();
  Socket client = connect_tcp4(port);
  EXPECT_TRUE(round_trip(client.get(), random_bytes(100'000, 4)));
  server.signal(SIGINT);
  EXPECT_EQ(server.wait_exit(15s), 0);
}

}  // namespace
}  // namespace cio::apps_test
