// cio-echo's limits: max_connections (extra connections are closed, the
// admitted ones and the listener keep working), idle_timeout (a silent
// connection is closed, an active one is not) and bounded memory (clients
// that never read do not make the server buffer what they send).
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "echo_client.hpp"
#include "start_echo.hpp"

namespace cio::apps_test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

const std::vector<std::byte> kOneByte{std::byte{'x'}};

TEST(EchoLimits, TheConnectionOverMaxIsClosedAndTheOthersKeepWorking) {
  constexpr int kMax = 100;
  AppProcess server = start_echo({"--echo.max_connections", std::to_string(kMax)});
  const uint16_t port = server.wait_for_port();
  ASSERT_NE(port, 0) << server.log();
  std::vector<Socket> admitted;
  for (int i = 0; i < kMax; ++i) {
    admitted.push_back(connect_tcp4(port));
    ASSERT_TRUE(round_trip(admitted.back().get(), kOneByte)) << "connection " << i;
  }
  Socket extra = connect_tcp4(port);
  ASSERT_TRUE(extra.valid()) << "the listener must still accept";
  EXPECT_TRUE(closed_by_peer(extra.get(), 5000ms)) << "connection " << kMax + 1 << " stayed open";
  for (int i = 0; i < kMax; ++i) EXPECT_TRUE(round_trip(admitted[i].get(), kOneByte)) << i;

  admitted.pop_back();  // a slot frees once the server sees the close
  bool served = false;
  for (const auto deadline = Clock::now() + 5s; !served && Clock::now() < deadline;) {
    Socket next = connect_tcp4(port);
    served = round_trip(next.get(), kOneByte, 500ms);
  }
  EXPECT_TRUE(served) << "no connection admitted after one closed";
  server.signal(SIGTERM);
  EXPECT_EQ(server.wait_exit(10s), 0);
  uint64_t rejected = 0;
  while (auto count = server.wait_for("connections open, ", " rejected", 1s)) {
    rejected += std::stoull(count->substr(count->rfind(' ') + 1));
  }
  EXPECT_GE(rejected, 1U) << server.log();
}

TEST(EchoLimits, IdleTimeoutClosesASilentClientAndSparesAnActiveOne) {
  AppProcess server = start_echo({"--echo.idle_timeout", "500ms"});
  const uint16_t port = server.wait_for_port();
  ASSERT_NE(port, 0) << server.log();
  Socket silent = connect_tcp4(port);
  Socket active = connect_tcp4(port);
  ASSERT_TRUE(round_trip(silent.get(), kOneByte));
  ASSERT_TRUE(round_trip(active.get(), kOneByte));
  const auto start = Clock::now();
  std::optional<Clock::duration> closed_after;
  while (Clock::now() - start < 2s) {  // four idle timeouts
    ASSERT_TRUE(round_trip(active.get(), kOneByte, 1000ms)) << "the active client was cut off";
    if (!closed_after && closed_by_peer(silent.get(), 100ms)) closed_after = Clock::now() - start;
  }
  ASSERT_TRUE(closed_after) << "the silent client was never closed";
  EXPECT_GE(*closed_after, 400ms);
  EXPECT_LE(*closed_after, 1500ms);
  EXPECT_TRUE(round_trip(active.get(), kOneByte));
}

// Pushes bytes on every client without reading, all at once, until none of
// them can send (no progress on any for `stall`) or each sent `cap` bytes;
// returns the bytes sent in all. Pushing together pays the stall wait once,
// not once per client.
size_t push_until_all_stalled(const std::vector<Socket>& clients, size_t cap,
                              std::chrono::milliseconds stall) {
  static const std::vector<std::byte> block = random_bytes(size_t{1} << 16, 99);
  std::vector<size_t> pushed(clients.size(), 0);
  std::vector<bool> failed(clients.size(), false);  // a send error ends that client's part
  for (;;) {
    std::vector<pollfd> open;
    for (size_t i = 0; i < clients.size(); ++i) {
      const int fd = clients[i].get();
      ssize_t sent = 0;
      while (!failed[i] && pushed[i] < cap &&
             (sent = ::send(fd, block.data(), block.size(), MSG_DONTWAIT | MSG_NOSIGNAL)) > 0) {
        pushed[i] += static_cast<size_t>(sent);
      }
      if (sent < 0 && errno != EAGAIN) failed[i] = true;
      if (!failed[i] && pushed[i] < cap) open.push_back({fd, POLLOUT, 0});
    }
    if (open.empty() || ::poll(open.data(), open.size(), static_cast<int>(stall.count())) < 1) {
      break;
    }
  }
  size_t total = 0;
  for (const size_t bytes : pushed) total += bytes;
  return total;
}

class EchoMemoryTest : public ::testing::TestWithParam<std::vector<std::string>> {};
INSTANTIATE_TEST_SUITE_P(
    Paths, EchoMemoryTest,
    ::testing::Values(std::vector<std::string>{"--echo.recv.buffers", "256",
                                               "--echo.recv.buffer_size", "4096"},
                      std::vector<std::string>{"--backend", "epoll"}),
    [](const auto& info) { return std::string(info.index == 0 ? "multishot" : "epoll"); });

// The stated bound: a server whose clients never read grows by less than
// 16 MiB (its buffers are a 1 MiB ring per shard, or 16 KiB per
// connection), while those clients push far more than that.
TEST_P(EchoMemoryTest, ClientsThatNeverReadDoNotGrowServerMemory) {
  constexpr int kClients = 10;
  constexpr uint64_t kBoundKib = 16 * 1024;
  auto args = GetParam();
  args.insert(args.end(), {"--shutdown_timeout", "1s"});  // the stalled sends end there
  AppProcess server = start_echo(args);
  const uint16_t port = server.wait_for_port();
  ASSERT_NE(port, 0) << server.log();
  {  // warm up every buffer the server will ever touch
    Socket warm = connect_tcp4(port);
    ASSERT_TRUE(round_trip(warm.get(), random_bytes(size_t{2} << 20, 1)));
  }
  const uint64_t before = server.rss_kib();
  ASSERT_GT(before, 0U);
  std::vector<Socket> clients;
  for (int i = 0; i < kClients; ++i) clients.push_back(connect_tcp4(port));
  const size_t pushed = push_until_all_stalled(clients, size_t{256} << 20, 300ms);
  std::this_thread::sleep_for(200ms);
  const uint64_t after = server.rss_kib();
  RecordProperty("pushed_mib", std::to_string(pushed >> 20));
  RecordProperty("rss_growth_kib", std::to_string(after - before));
  EXPECT_LT(after, before + kBoundKib) << "pushed " << (pushed >> 20) << " MiB";
  EXPECT_GT(pushed, size_t{kBoundKib} << 10) << "the clients could not push enough to tell";
  EXPECT_LT(pushed, size_t{kClients} * (size_t{256} << 20)) << "the server never stopped reading";
  server.signal(SIGTERM);
  EXPECT_EQ(server.wait_exit(20s), 0) << server.log();
}

}  // namespace
}  // namespace cio::apps_test
