// The sharded listeners' stop in two phases (drain at once, cancel at the
// deadline), the Unix-socket listener with hand-off across shards, and the
// sharded UDP socket. Two shards, both backends; clients are blocking
// sockets on a thread of their own.
#include <gtest/gtest.h>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstring>
#include <functional>
#include <numeric>
#include <string>
#include <thread>
#include <vector>

#include <cio/net/socket_address.hpp>
#include <cio/net/unix_listener.hpp>
#include <cio/shard/sharded_listener.hpp>
#include <cio/shard/sharded_udp_socket.hpp>
#include <cio/time/sleep.hpp>

#include <cio/testing/loopback_client.hpp>
#include "shard_fixture.hpp"

namespace cio::testing {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using shard::Balancing;
using shard::ConnectionStop;

constexpr unsigned kShards = 2;

// Runs `work` on a thread of its own while the calling shard keeps serving.
Task<void> off_the_shard(std::function<void()> work) {
  std::atomic<bool> done = false;
  std::thread thread([&] {
    work();
    done = true;
  });
  while (!done) EXPECT_TRUE(co_await time::sleep(1ms));
  thread.join();
}

bool send_byte(int fd, char byte = 'x') { return fd >= 0 && ::write(fd, &byte, 1) == 1; }
bool read_byte(int fd) {
  char byte = 0;
  return ::read(fd, &byte, 1) == 1;
}

class TransportsTest : public ShardTest {
 protected:
  // Starts a TCP listener with `handler`, opens `clients` connections that
  // each send one byte, waits until `ready()` (default: all are open), runs
  // `during` on a thread while it stops the listener with `grace`, and
  // returns how long the stop took.
  Clock::duration stop_with_clients(shard::ConnectionHandler handler, int clients,
                                    std::chrono::milliseconds grace,
                                    std::function<bool()> ready = {},
                                    std::function<void(const std::vector<int>&)> during = {});

  Balancing balancing_ = Balancing::round_robin;
};
CIO_RUNTIME_TEST_SUITE(TransportsTest);

Clock::duration TransportsTest::stop_with_clients(
    shard::ConnectionHandler handler, int clients, std::chrono::milliseconds grace,
    std::function<bool()> ready, std::function<void(const std::vector<int>&)> during) {
  Clock::duration took{};
  launch(kShards, [&]() -> Task<void> {
    auto listener = co_await shard::ShardedTcpListener::start(
        net::SocketAddress::ipv4_loopback(), {.balancing = balancing_, .listen = {}}, handler);
    EXPECT_TRUE(listener) << listener.describe();
    if (!listener) co_return;
    std::vector<int> fds;
    const uint16_t port = (*listener)->address().port();
    co_await off_the_shard([&] {
      for (int i = 0; i < clients; ++i) {
        fds.push_back(connect_loopback(port));
        EXPECT_TRUE(send_byte(fds.back()));
      }
    });
    const auto all_open = [&] {
      const auto open = (*listener)->open_connections();
      return std::accumulate(open.begin(), open.end(), 0) == clients;
    };
    const auto give_up = Clock::now() + 10s;
    while (ready ? !ready() : !all_open()) {
      if (Clock::now() > give_up) {
        ADD_FAILURE() << "the connections were not all open and ready within 10 s";
        break;
      }
      EXPECT_TRUE(co_await time::sleep(1ms));
    }
    std::thread observer([&] {
      if (during) during(fds);
    });
    const auto started = Clock::now();
    co_await (*listener)->stop(grace);
    took = Clock::now() - started;
    observer.join();
    EXPECT_EQ((*listener)->open_connections(), std::vector<uint32_t>(kShards, 0));
    for (int fd : fds) ::close(fd);
  });
  return took;
}

// Waits for input until told to drain: an idle connection.
Task<void> wait_for_input(net::TcpStream connection, ConnectionStop stop) {
  std::array<std::byte, 16> buffer{};
  for (;;) {
    auto got = co_await connection.read(buffer, stop.drain);
    if (!got || *got == 0) co_return;
  }
}

TEST_P(TransportsTest, IdleConnectionsCloseAsSoonAsStoppingBegins) {
  const auto took = stop_with_clients(wait_for_input, 10, 30s);
  EXPECT_LT(took, 5s);  // not the 30 s grace
}

// The kernel spreads reuseport connections; each shard drains its own.
TEST_P(TransportsTest, IdleReuseportConnectionsCloseAsSoonAsStoppingBegins) {
  balancing_ = Balancing::reuseport;
  const auto took = stop_with_clients(wait_for_input, 10, 30s);
  EXPECT_LT(took, 5s);
}

// Reads one request, takes 200 ms over it, then answers: a busy connection.
Task<void> answer_slowly(std::atomic<int>& busy, net::TcpStream connection, ConnectionStop stop) {
  std::array<std::byte, 1> request{};
  auto got = co_await connection.read(request, stop.drain);
  if (!got || *got == 0) co_return;
  busy.fetch_add(1);
  auto worked = co_await time::sleep(200ms, stop.cancel);
  if (!worked) co_return;
  auto sent = co_await connection.write_all(request, stop.cancel);
  (void)sent;
}

TEST_P(TransportsTest, ABusyConnectionFinishesItsRequestBeforeTheStopEnds) {
  std::atomic<int> busy = 0;
  std::atomic<int> answered = 0;
  const auto took = stop_with_clients(
      [&busy](net::TcpStream connection, ConnectionStop stop) {
        return answer_slowly(busy, std::move(connection), std::move(stop));
      },
      2, 30s, [&busy] { return busy.load() == 2; },
      [&answered](const std::vector<int>& fds) {
        for (int fd : fds) answered += read_byte(fd) ? 1 : 0;
      });
  EXPECT_EQ(answered.load(), 2);
  EXPECT_LT(took, 5s);
}

// Ignores the drain: only the deadline's cancel ends it.
Task<void> ignore_the_drain(net::TcpStream connection, ConnectionStop stop) {
  std::array<std::byte, 16> buffer{};
  for (;;) {
    auto got = co_await connection.read(buffer, stop.cancel);
    if (!got || *got == 0) co_return;
  }
}

TEST_P(TransportsTest, TheDeadlineCancelsWhatOutlastsTheGrace) {
  const auto took = stop_with_clients(ignore_the_drain, 2, 100ms);
  EXPECT_GE(took, 100ms);
  EXPECT_LT(took, 5s);
}

TEST_P(TransportsTest, TheDeadlineCancelsReuseportConnectionsToo) {
  balancing_ = Balancing::reuseport;
  const auto took = stop_with_clients(ignore_the_drain, 2, 100ms);
  EXPECT_GE(took, 100ms);
  EXPECT_LT(took, 5s);
}

std::string unix_path(const char* name) {
  return ::testing::TempDir() + "cio-" + name + "-" + std::to_string(::getpid()) + ".sock";
}

int connect_unix(const std::string& path) {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, path.c_str(), sizeof(address.sun_path) - 1);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0) return fd;
  ::close(fd);
  return -1;
}

// Echoes one byte and notes the shard, then waits for the close.
Task<void> echo_one_byte(std::array<std::atomic<int>, kShards>& served, net::UnixStream stream,
                         ConnectionStop stop) {
  served[this_shard()].fetch_add(1);
  std::array<std::byte, 1> byte{};
  auto got = co_await stream.read(byte, stop.drain);
  if (!got || *got == 0) co_return;
  auto sent = co_await stream.write_all(byte, stop.cancel);
  if (sent) {
    auto eof = co_await stream.read(byte, stop.drain);
    (void)eof;
  }
}

TEST_P(TransportsTest, AUnixListenerHandsConnectionsToEveryShardAndRemovesItsFile) {
  const std::string path = unix_path("handoff");
  std::array<std::atomic<int>, kShards> served{};
  launch(kShards, [&]() -> Task<void> {
    auto handler = [&served](net::UnixStream stream, ConnectionStop stop) {
      return echo_one_byte(served, std::move(stream), std::move(stop));
    };
    auto listener = co_await shard::ShardedUnixListener::start(path, {}, handler);
    EXPECT_TRUE(listener) << listener.describe();
    if (!listener) co_return;
    std::vector<int> fds;
    co_await off_the_shard([&] {
      for (int i = 0; i < 10; ++i) {
        fds.push_back(connect_unix(path));
        EXPECT_TRUE(send_byte(fds.back()) && read_byte(fds.back()));
      }
    });
    co_await (*listener)->stop(5s);
    for (int fd : fds) ::close(fd);
  });
  EXPECT_EQ(served[0].load(), 5);
  EXPECT_EQ(served[1].load(), 5);
  struct stat info {};
  EXPECT_NE(::stat(path.c_str(), &info), 0) << path << " is still there";
}

// A restarted server may own the path by the time the old one stops.
TEST_P(TransportsTest, AUnixListenerRemovesOnlyTheSocketFileItMade) {
  const std::string path = unix_path("successor");
  launch(kShards, [&]() -> Task<void> {
    auto handler = [](net::UnixStream, ConnectionStop) -> Task<void> { co_return; };
    auto listener = co_await shard::ShardedUnixListener::start(path, {}, handler);
    EXPECT_TRUE(listener) << listener.describe();
    if (!listener) co_return;
    co_await (*listener)->stop_accepting();
    struct stat info {};
    EXPECT_NE(::stat(path.c_str(), &info), 0) << "stop_accepting left " << path;
    auto successor = net::UnixListener::bind(path);
    EXPECT_TRUE(successor) << successor.describe();
    co_await (*listener)->stop(1s);
    EXPECT_EQ(::stat(path.c_str(), &info), 0) << "the successor's socket file was removed";
    ::unlink(path.c_str());
  });
}

TEST_P(TransportsTest, AUnixListenerRefusesReuseport) {
  launch(kShards, [&]() -> Task<void> {
    auto handler = [](net::UnixStream, ConnectionStop) -> Task<void> { co_return; };
    auto listener = co_await shard::ShardedUnixListener::start(
        unix_path("reuseport"), {.balancing = Balancing::reuseport, .listen = {}}, handler);
    EXPECT_FALSE(listener);
    if (!listener) {
      EXPECT_EQ(listener.error(), std::errc::invalid_argument);
    }
  });
}

// Echoes datagrams on each shard's socket until stopped.
Task<void> echo_datagrams(std::array<std::atomic<int>, kShards>& handlers, net::UdpSocket socket,
                          StopToken stop) {
  handlers[this_shard()].fetch_add(1);
  std::array<std::byte, 64> buffer{};
  for (;;) {
    auto got = co_await socket.recv_from(buffer, stop);
    if (!got) co_return;
    auto sent = co_await socket.send_to(std::span(buffer.data(), got->size), got->peer);
    (void)sent;
  }
}

TEST_P(TransportsTest, AShardedUdpSocketServesOnEveryShardOnePort) {
  std::array<std::atomic<int>, kShards> handlers{};
  launch(kShards, [&]() -> Task<void> {
    auto handler = [&handlers](net::UdpSocket socket, StopToken stop) {
      return echo_datagrams(handlers, std::move(socket), std::move(stop));
    };
    auto udp =
        co_await shard::ShardedUdpSocket::start(net::SocketAddress::ipv4_loopback(), handler);
    EXPECT_TRUE(udp) << udp.describe();
    if (!udp) co_return;
    const net::SocketAddress bound = (*udp)->address();
    EXPECT_NE(bound.port(), 0);
    auto taken = co_await shard::ShardedUdpSocket::start(bound, handler);
    EXPECT_FALSE(taken);
    if (!taken) {
      EXPECT_EQ(taken.error(), std::errc::address_in_use);
    }
    bool echoed = false;
    co_await off_the_shard([&] {
      const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
      timeval wait{.tv_sec = 5, .tv_usec = 0};
      ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof(wait));
      std::array<char, 8> reply{};
      echoed = ::sendto(fd, "ping", 4, 0, bound.data(), bound.size()) == 4 &&
               ::recv(fd, reply.data(), reply.size(), 0) == 4;
      ::close(fd);
    });
    EXPECT_TRUE(echoed);
    co_await (*udp)->stop();
  });
  EXPECT_EQ(handlers[0].load(), 1);
  EXPECT_EQ(handlers[1].load(), 1);
}

// Ignores its token: returns on its own 300 ms after it started, its socket
// still usable then.
Task<void> return_when_it_likes(std::atomic<int>& returned, net::UdpSocket socket, StopToken) {
  auto slept = co_await time::sleep(300ms);
  EXPECT_TRUE(slept);
  EXPECT_TRUE(socket.local_address());
  returned.fetch_add(1);
}

TEST_P(TransportsTest, AShardedUdpSocketStopWaitsForAHandlerThatIgnoresItsToken) {
  std::atomic<int> returned = 0;
  launch(kShards, [&]() -> Task<void> {
    auto handler = [&returned](net::UdpSocket socket, StopToken stop) {
      return return_when_it_likes(returned, std::move(socket), std::move(stop));
    };
    auto udp =
        co_await shard::ShardedUdpSocket::start(net::SocketAddress::ipv4_loopback(), handler);
    EXPECT_TRUE(udp) << udp.describe();
    if (!udp) co_return;
    co_await (*udp)->stop();
    EXPECT_EQ(returned.load(), 2) << "stop() returned before every handler did";
  });
}

}  // namespace
}  // namespace cio::testing
