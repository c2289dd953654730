// Listener::incoming on both backends: one multishot accept op where the
// driver has it (else one Accept at a time) hands out 100 connections, with
// a queue small enough that it must stop and re-arm; dropping it mid-stream
// closes what it holds and leaves the listener usable; a stopped next()
// ends with operation_canceled and leaves the connections for the next call.
#include <cstddef>
#include <cstdint>
#include <vector>

#include <cio/core/stop.hpp>
#include <cio/net/tcp_listener.hpp>
#include <cio/net/tcp_stream.hpp>

#include "net_test_util.hpp"
#include "runtime_fixture.hpp"

namespace cio::testing {
namespace {

using net::SocketAddress;
using net::TcpListener;
using net::TcpStream;

class IncomingTest : public RuntimeTest {};
CIO_RUNTIME_TEST_SUITE(IncomingTest);

constexpr size_t kConnections = 100;
constexpr size_t kWave = 25;

Task<void> ping(SocketAddress server, uint64_t seed, Latch* done) {
  auto stream = co_await TcpStream::connect(server);
  if (stream) {
    const auto payload = random_bytes(64, seed);
    co_await expect_echoed(*stream, payload);
  } else {
    ADD_FAILURE() << stream.describe();
  }
  done->count_down();
}

// Four waves of 25: each burst overfills the queue (so the op is stopped),
// and each later wave needs the op armed again.
TEST_P(IncomingTest, HundredConnectionsInWavesThroughASmallQueue) {
  bool multishot = false;
  run([&]() -> Task<void> {
    multishot = Runtime::current().driver().supports(Capability::multishot_accept);
    auto listener = TcpListener::bind(SocketAddress::ipv4_loopback());
    CIO_CO_ASSERT_OK(listener);
    const SocketAddress server = *listener->local_address();
    auto incoming = listener->incoming(4);
    for (size_t wave = 0; wave < kConnections / kWave; ++wave) {
      Latch clients(kWave);
      for (size_t i = 0; i < kWave; ++i) spawn(ping(server, wave * kWave + i, &clients));
      for (size_t i = 0; i < kWave; ++i) {
        auto stream = co_await incoming.next();
        CIO_CO_ASSERT_OK(stream);
        spawn(echo(std::move(*stream)));
      }
      co_await clients.wait();
    }
  }());
  RecordProperty("multishot", multishot ? "yes" : "no (one Accept at a time)");
}

TEST_P(IncomingTest, DroppingItClosesUnclaimedConnectionsAndFreesTheListener) {
  run([]() -> Task<void> {
    auto listener = TcpListener::bind(SocketAddress::ipv4_loopback());
    CIO_CO_ASSERT_OK(listener);
    const SocketAddress server = *listener->local_address();
    std::vector<TcpStream> clients;
    for (int i = 0; i < 6; ++i) {
      auto client = co_await TcpStream::connect(server);
      CIO_CO_ASSERT_OK(client);
      clients.push_back(std::move(*client));
    }
    {
      auto incoming = listener->incoming(2);
      auto first = co_await incoming.next();
      CIO_CO_ASSERT_OK(first);
    }  // the op may still be armed here: it is stopped and its queue freed later
    auto late = co_await TcpStream::connect(server);
    CIO_CO_ASSERT_OK(late);
    auto accepted = co_await listener->accept();
    CIO_CO_ASSERT_OK(accepted);
  }());
}

// A stop while next() waits ends it; the accept op keeps running, so the
// connections that come afterwards are handed to the next calls.
TEST_P(IncomingTest, StoppingTheTokenCancelsAWaitingNext) {
  run([]() -> Task<void> {
    auto listener = TcpListener::bind(SocketAddress::ipv4_loopback());
    CIO_CO_ASSERT_OK(listener);
    const SocketAddress server = *listener->local_address();
    auto incoming = listener->incoming();
    StopSource source;
    spawn(stop_later(&source));  // runs once the next() below waits
    auto stopped = co_await incoming.next(source.token());
    CIO_CO_ASSERT(!stopped);
    EXPECT_EQ(stopped.error(), std::errc::operation_canceled);
    EXPECT_STREQ(stopped.operation(), "accept");
    std::vector<TcpStream> clients;
    for (int i = 0; i < 3; ++i) {
      auto client = co_await TcpStream::connect(server);
      CIO_CO_ASSERT_OK(client);
      clients.push_back(std::move(*client));
    }
    for (int i = 0; i < 3; ++i) {
      auto accepted = co_await incoming.next(StopSource().token());
      CIO_CO_ASSERT_OK(accepted);
    }
  }());
}

// A token stopped before the call ends it at once; the connection waiting
// (queued, or still in the backlog) goes to the next call.
TEST_P(IncomingTest, ConnectionsWaitingAtAStopStayForTheNextCall) {
  run([]() -> Task<void> {
    auto listener = TcpListener::bind(SocketAddress::ipv4_loopback());
    CIO_CO_ASSERT_OK(listener);
    const SocketAddress server = *listener->local_address();
    auto incoming = listener->incoming();
    auto first = co_await TcpStream::connect(server);
    CIO_CO_ASSERT_OK(first);
    auto first_accepted = co_await incoming.next();  // the accept op is armed from here on
    CIO_CO_ASSERT_OK(first_accepted);
    auto second = co_await TcpStream::connect(server);
    CIO_CO_ASSERT_OK(second);
    StopSource source;
    source.request_stop();
    auto stopped = co_await incoming.next(source.token());
    EXPECT_EQ(stopped.error(), std::errc::operation_canceled);
    auto accepted = co_await incoming.next();
    CIO_CO_ASSERT_OK(accepted);
    EXPECT_EQ(*accepted->peer_address(), *second->local_address());
  }());
}

}  // namespace
}  // namespace cio::testing
