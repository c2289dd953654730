// cio-echo's start and stop: SIGTERM with clients connected exits 0 within
// shutdown_timeout, bad settings are refused before anything is bound,
// every listener drains at once, recv.multishot=on fails on epoll, a busy
// connection ends without a reset, and the shipped config file runs.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include <cio/testing/temp_dir.hpp>
#include "echo_client.hpp"
#include "start_echo.hpp"

namespace cio::apps_test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

using cio::testing::TempDir;

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

// Stopping drains every listener at once: a stalled client of the TCP
// listener (drained first) holds the shutdown, an idle client of the Unix
// listener is closed at once all the same.
TEST(EchoLifecycle, SigtermDrainsEveryListenerAtOnce) {
  TempDir dir;
  const std::string path = dir.file("echo.sock");
  AppProcess server = start_echo({"--echo.unix", path, "--shutdown_timeout", "2s"});
  const uint16_t port = server.wait_for_port();
  ASSERT_NE(port, 0) << server.log();
  ASSERT_TRUE(server.wait_for("listening on " + path + " (unix, shard 0)")) << server.log();
  Socket stalled = connect_tcp4(port);
  stall(stalled.get());
  Socket idle = connect_unix(path);
  ASSERT_TRUE(round_trip(idle.get(), kHello));
  const auto signalled = Clock::now();
  server.signal(SIGTERM);
  // Within half the shutdown timeout: closed when stopping began, not when it ended.
  EXPECT_TRUE(closed_by_peer(idle.get(), 1000ms)) << "the Unix listener drained after the TCP one";
  EXPECT_LT(Clock::now() - signalled, 1000ms);
  EXPECT_EQ(server.wait_exit(10s), 0) << server.log();
}

// Sends copies of `block` until the server stops taking them; returns the
// bytes sent.
size_t send_until_stalled(int fd, std::span<const std::byte> block) {
  size_t sent = 0;
  for (int quiet = 0; quiet < 3;) {
    const size_t at = sent % block.size();
    const ssize_t put =
        ::send(fd, block.data() + at, block.size() - at, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (put > 0) {
      sent += static_cast<size_t>(put);
      quiet = 0;
    } else {
      ++quiet;
      std::this_thread::sleep_for(100ms);
    }
  }
  return sent;
}

// Reads until the end of the stream; false if it ended in an error (a reset).
bool read_to_end(int fd, std::vector<std::byte>& out) {
  std::vector<std::byte> chunk(1 << 16);
  for (;;) {
    const ssize_t got = ::recv(fd, chunk.data(), chunk.size(), 0);
    if (got == 0) return true;
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return false;
    out.insert(out.end(), chunk.begin(), chunk.begin() + got);
  }
}

// A client that sent without reading, then, once the server is stopping,
// half-closes and reads: it gets back a prefix of what it sent and then the
// end of the stream. Closing with its input unread, the server would reset
// the connection instead, and the reset loses echoes not yet read.
TEST(EchoLifecycle, SigtermEndsABusyConnectionWithoutAReset) {
  AppProcess server = start_echo({"--shutdown_timeout", "5s"});
  const uint16_t port = server.wait_for_port();
  ASSERT_NE(port, 0) << server.log();
  Socket client = connect_tcp4(port);
  const auto block = random_bytes(size_t{1} << 16, 3);
  const size_t sent = send_until_stalled(client.get(), block);
  server.signal(SIGTERM);
  ASSERT_TRUE(server.wait_for("SIGTERM received", {}, 2s)) << server.log();
  ASSERT_EQ(::shutdown(client.get(), SHUT_WR), 0);
  const timeval limit{10, 0};
  ::setsockopt(client.get(), SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof(limit));
  std::vector<std::byte> back;
  EXPECT_TRUE(read_to_end(client.get(), back))
      << std::strerror(errno) << " after " << back.size() << " of " << sent << " bytes";
  EXPECT_GT(back.size(), 0u);
  EXPECT_LE(back.size(), sent);
  bool same = true;
  for (size_t i = 0; i < back.size() && same; ++i) same = back[i] == block[i % block.size()];
  EXPECT_TRUE(same) << "the echo differs from what was sent";
  EXPECT_EQ(server.wait_exit(10s), 0) << server.log();
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
