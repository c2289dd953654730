// TcpStream and TcpListener on both backends: echo round trips (1,000
// concurrent clients, IPv6), end of stream, and connect with a time limit.
#include <sys/socket.h>

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include <cio/net/tcp_listener.hpp>
#include <cio/net/tcp_stream.hpp>

#include "net_test_util.hpp"
#include "runtime_fixture.hpp"

namespace cio::testing {
namespace {

using namespace std::chrono_literals;
using net::SocketAddress;
using net::TcpListener;
using net::TcpStream;

class TcpTest : public RuntimeTest {};
CIO_RUNTIME_TEST_SUITE(TcpTest);

constexpr size_t kClients = 1000;

Task<void> serve(TcpListener* listener, size_t connections, Latch* done) {
  for (size_t i = 0; i < connections; ++i) {
    auto stream = co_await listener->accept();
    CIO_CO_ASSERT_OK(stream);
    spawn(echo(std::move(*stream), done));
  }
}

Task<void> client(SocketAddress server, uint64_t seed, Latch* done) {
  const auto payload = random_bytes(1 + seed * 7919 % 16384, seed);
  auto stream = co_await TcpStream::connect(server);
  if (stream) {
    co_await expect_echoed(*stream, payload);
    auto closed = co_await stream->close();
    EXPECT_TRUE(closed) << closed.describe();
  } else {
    ADD_FAILURE() << "client " << seed << ": " << stream.describe();
  }
  done->count_down();
}

TEST_P(TcpTest, ThousandConcurrentClientsGetTheirBytesBack) {
  ASSERT_TRUE(ensure_fd_limit(2 * kClients + 64)) << "RLIMIT_NOFILE hard limit too low";
  run([]() -> Task<void> {
    auto listener = TcpListener::bind(SocketAddress::ipv4_loopback());
    CIO_CO_ASSERT_OK(listener);
    auto local = listener->local_address();
    CIO_CO_ASSERT_OK(local);
    Latch clients_done(kClients);
    Latch servers_done(kClients);
    spawn(serve(&*listener, kClients, &servers_done));
    for (size_t i = 0; i < kClients; ++i) spawn(client(*local, i, &clients_done));
    co_await clients_done.wait();
    co_await servers_done.wait();
  }());
}

TEST_P(TcpTest, Ipv6LoopbackEcho) {
  std::string unavailable;
  run([&]() -> Task<void> {
    auto listener = TcpListener::bind(SocketAddress::ipv6_loopback());
    if (!listener) {
      unavailable = listener.describe();
      co_return;
    }
    auto local = listener->local_address();
    CIO_CO_ASSERT_OK(local);
    EXPECT_EQ(local->family(), AF_INET6);
    EXPECT_EQ(local->to_string(), "[::1]:" + std::to_string(local->port()));
    auto stream = co_await TcpStream::connect(*local);
    CIO_CO_ASSERT_OK(stream);
    auto accepted = co_await listener->accept();
    CIO_CO_ASSERT_OK(accepted);
    EXPECT_EQ(*accepted->peer_address(), *stream->local_address());
    spawn(echo(std::move(*accepted)));
    const auto payload = random_bytes(100'000, 6);
    co_await expect_echoed(*stream, payload);
  }());
  if (!unavailable.empty()) GTEST_SKIP() << "::1 is not available here: " << unavailable;
}

TEST_P(TcpTest, ReadAfterPeerCloseIsEndOfStream) {
  run([]() -> Task<void> {
    auto tcp = co_await connect_tcp();
    CIO_CO_ASSERT_OK(tcp);
    TcpStream& stream = tcp->client;
    TcpStream& accepted = tcp->server;
    CIO_CO_ASSERT_OK(co_await accepted.close());
    EXPECT_FALSE(accepted.is_open()) << "a closed stream owns nothing";
    std::array<std::byte, 16> buffer{};
    auto got = co_await stream.read(buffer);
    CIO_CO_ASSERT_OK(got);
    EXPECT_EQ(*got, 0U);
    auto exact = co_await stream.read_exact(buffer);
    EXPECT_EQ(exact.error(), std::errc::no_message_available);
    EXPECT_STREQ(exact.operation(), "read_exact");
  }());
}

TEST_P(TcpTest, ShutdownWriteEndsThePeersStream) {
  run([]() -> Task<void> {
    auto tcp = co_await connect_tcp();
    CIO_CO_ASSERT_OK(tcp);
    TcpStream& stream = tcp->client;
    TcpStream& accepted = tcp->server;
    CIO_CO_ASSERT_OK(stream.set_nodelay(true));
    const auto payload = random_bytes(3000, 9);
    CIO_CO_ASSERT_OK(co_await stream.write_all(payload));
    CIO_CO_ASSERT_OK(co_await stream.shutdown(SHUT_WR));
    std::vector<std::byte> back(payload.size());
    CIO_CO_ASSERT_OK(co_await accepted.read_exact(back));
    EXPECT_EQ(back, payload);
    std::array<std::byte, 1> rest{};
    auto end = co_await accepted.read(rest);
    EXPECT_TRUE(end && *end == 0);
  }());
}

TEST_P(TcpTest, ReadvAndWritevMoveEveryBuffer) {
  run([]() -> Task<void> {
    auto tcp = co_await connect_tcp();
    CIO_CO_ASSERT_OK(tcp);
    TcpStream& stream = tcp->client;
    TcpStream& accepted = tcp->server;
    char head[] = "head-";
    char body[] = "body";
    const iovec out[] = {{head, 5}, {body, 4}};
    auto sent = co_await stream.writev(out);
    CIO_CO_ASSERT_OK(sent);
    EXPECT_EQ(*sent, 9U);
    char first[3] = {};
    char second[6] = {};
    const iovec in[] = {{first, 3}, {second, 6}};
    auto got = co_await accepted.readv(in);  // one segment on loopback: one read gets it all
    CIO_CO_ASSERT_OK(got);
    EXPECT_EQ(*got, 9U);
    EXPECT_EQ(std::string(first, 3) + std::string(second, 6), "head-body");
  }());
}

TEST_P(TcpTest, ConnectWithTimeLimitSucceedsWhenTheServerAnswers) {
  run([]() -> Task<void> {
    auto listener = TcpListener::bind(SocketAddress::ipv4_loopback());
    CIO_CO_ASSERT_OK(listener);
    auto stream = co_await TcpStream::connect(*listener->local_address(), 5s);
    CIO_CO_ASSERT_OK(stream);
  }());
}

// A backlog of 0 holds one connection; the kernel drops the SYNs of the
// next, so its connect can only end by the time limit.
TEST_P(TcpTest, ConnectGivesUpAfterItsTimeLimit) {
  bool accepted_anyway = false;
  run([&]() -> Task<void> {
    auto listener = TcpListener::bind(SocketAddress::ipv4_loopback(), {.backlog = 0});
    CIO_CO_ASSERT_OK(listener);
    const SocketAddress server = *listener->local_address();
    std::vector<TcpStream> fillers;
    for (int i = 0; i < 2; ++i) {
      auto filler = co_await TcpStream::connect(server, 200ms);
      if (filler) fillers.push_back(std::move(*filler));
    }
    const auto started = std::chrono::steady_clock::now();
    auto late = co_await TcpStream::connect(server, 100ms);
    const auto waited = std::chrono::steady_clock::now() - started;
    if (late) {
      accepted_anyway = true;
      co_return;
    }
    EXPECT_EQ(late.error(), std::errc::timed_out) << late.describe();
    EXPECT_STREQ(late.operation(), "tcp connect");
    EXPECT_GE(waited, 90ms);
    EXPECT_LT(waited, 2s);
  }());
  if (accepted_anyway) GTEST_SKIP() << "this kernel accepted past a full backlog";
}

}  // namespace
}  // namespace cio::testing
