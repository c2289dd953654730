// ShardedTcpListener: each balancing mode spreads 100 connections over the
// shards; stop() lets connections finish, then stops the stragglers.
#include <gtest/gtest.h>

#include <unistd.h>

#include <array>
#include <atomic>
#include <thread>
#include <vector>

#include <cio/net/socket_address.hpp>
#include <cio/shard/sharded_listener.hpp>
#include <cio/time/sleep.hpp>

#include <cio/testing/loopback_client.hpp>
#include "shard_fixture.hpp"

namespace cio::testing {
namespace {

using namespace std::chrono_literals;
using shard::Balancing;

constexpr int kConnections = 100;
constexpr unsigned kShards = 2;

// Connects, sends one byte, reads the echo; returns the socket or -1.
int connect_and_ping(uint16_t port) {
  const int fd = connect_loopback(port);
  char byte = 'x';
  if (fd >= 0 && ::write(fd, &byte, 1) == 1 && ::read(fd, &byte, 1) == 1) return fd;
  if (fd >= 0) ::close(fd);
  return -1;
}

struct Served {
  std::array<std::atomic<int>, kShards> per_shard{};
};

// Echoes one byte, then waits for the client to hang up (or the stop's
// cancel: a connection that keeps its client waits out the grace period).
Task<void> echo_until_closed(Served& served, net::TcpStream connection,
                             shard::ConnectionStop signals) {
  const StopToken stop = signals.cancel;
  served.per_shard[this_shard()].fetch_add(1);
  std::array<std::byte, 1> byte{};
  auto got = co_await connection.read(byte, stop);
  if (got && *got == 1) {
    auto sent = co_await connection.write_all(byte, stop);
    if (sent) {
      auto eof = co_await connection.read(byte, stop);
      (void)eof;
    }
  }
}

struct Outcome {
  std::vector<int> served;
  std::vector<uint32_t> open_while_connected;
  std::vector<uint32_t> open_after_stop;
  int failed_clients = 0;
};

class BalancingTest : public ShardTest {
 protected:
  Outcome serve_clients(Balancing balancing, bool leave_open, std::chrono::milliseconds grace);
};
CIO_RUNTIME_TEST_SUITE(BalancingTest);

// Opens kConnections clients (kept open), then closes them unless
// `leave_open`, then stops the listener with `grace`.
Outcome BalancingTest::serve_clients(Balancing balancing, bool leave_open,
                                     std::chrono::milliseconds grace) {
  Outcome outcome;
  Served served;
  launch(kShards, [&]() -> Task<void> {
    auto listener = co_await shard::ShardedTcpListener::start(
        net::SocketAddress::ipv4_loopback(), {.balancing = balancing, .listen = {}},
        [&served](net::TcpStream connection, shard::ConnectionStop stop) {
          return echo_until_closed(served, std::move(connection), std::move(stop));
        });
    EXPECT_TRUE(listener) << listener.describe();
    if (!listener) co_return;
    std::vector<int> clients;
    std::atomic<bool> connected = false;
    std::thread client([&] {
      for (int i = 0; i < kConnections; ++i)
        clients.push_back(connect_and_ping((*listener)->address().port()));
      connected = true;
    });
    while (!connected) EXPECT_TRUE(co_await time::sleep(2ms));
    client.join();
    outcome.open_while_connected = (*listener)->open_connections();
    for (int fd : clients) {
      if (fd < 0) ++outcome.failed_clients;
      if (fd >= 0 && !leave_open) ::close(fd);
    }
    co_await (*listener)->stop(grace);
    outcome.open_after_stop = (*listener)->open_connections();
    for (int fd : clients) {
      if (fd >= 0 && leave_open) ::close(fd);
    }
  });
  for (auto& count : served.per_shard) outcome.served.push_back(count.load());
  return outcome;
}

TEST_P(BalancingTest, RoundRobinAlternatesShards) {
  Outcome outcome = serve_clients(Balancing::round_robin, false, 5s);
  EXPECT_EQ(outcome.failed_clients, 0);
  EXPECT_EQ(outcome.served, (std::vector<int>{50, 50}));
  EXPECT_EQ(outcome.open_while_connected, (std::vector<uint32_t>{50, 50}));
  EXPECT_EQ(outcome.open_after_stop, (std::vector<uint32_t>{0, 0}));
}

TEST_P(BalancingTest, LeastConnectionsEvensOutOpenConnections) {
  Outcome outcome = serve_clients(Balancing::least_connections, false, 5s);
  EXPECT_EQ(outcome.failed_clients, 0);
  EXPECT_EQ(outcome.served, (std::vector<int>{50, 50}));
  EXPECT_EQ(outcome.open_after_stop, (std::vector<uint32_t>{0, 0}));
}

TEST_P(BalancingTest, ReuseportListensOnEveryShard) {
  Outcome outcome = serve_clients(Balancing::reuseport, false, 5s);
  EXPECT_EQ(outcome.failed_clients, 0);
  ASSERT_EQ(outcome.served.size(), 2u);
  EXPECT_EQ(outcome.served[0] + outcome.served[1], kConnections);
  // The kernel hashes connections over the listeners: both get some.
  EXPECT_GT(outcome.served[0], 0);
  EXPECT_GT(outcome.served[1], 0);
}

TEST_P(BalancingTest, StopEndsConnectionsStillOpenAfterTheGracePeriod) {
  const auto started = std::chrono::steady_clock::now();
  Outcome outcome = serve_clients(Balancing::round_robin, true, 50ms);
  EXPECT_EQ(outcome.failed_clients, 0);
  EXPECT_EQ(outcome.open_after_stop, (std::vector<uint32_t>{0, 0}));
  EXPECT_LT(std::chrono::steady_clock::now() - started, 10s);
}

Task<void> ignore_connection(net::TcpStream, shard::ConnectionStop) { co_return; }

// SO_REUSEPORT would let a second listener (another server, say) join the
// first one's port and take half its clients: it is refused, unless the
// listener asked for reuse_port itself.
TEST_P(BalancingTest, ReuseportDoesNotShareAPortAlreadyTaken) {
  launch(kShards, [&]() -> Task<void> {
    const shard::ShardedTcpListener::Options plain{.balancing = Balancing::reuseport, .listen = {}};
    auto first = co_await shard::ShardedTcpListener::start(net::SocketAddress::ipv4_loopback(),
                                                           plain, ignore_connection);
    EXPECT_TRUE(first) << first.describe();
    if (!first) co_return;
    const net::SocketAddress taken = (*first)->address();
    auto second = co_await shard::ShardedTcpListener::start(taken, plain, ignore_connection);
    EXPECT_FALSE(second);
    if (!second) {
      EXPECT_EQ(second.error(), std::errc::address_in_use);
      EXPECT_STREQ(second.operation(), "bind");
    }
    const shard::ShardedTcpListener::Options shared{.balancing = Balancing::reuseport,
                                                    .listen = {.reuse_port = true}};
    auto joined = co_await shard::ShardedTcpListener::start(taken, shared, ignore_connection);
    EXPECT_TRUE(joined) << joined.describe();
    if (joined) co_await (*joined)->stop(0ms);
    co_await (*first)->stop(0ms);
  });
}

}  // namespace
}  // namespace cio::testing
