// MultishotRecv over a RecvBufferPool on both backends: on io_uring every
// byte arrives once and in order through a pool far smaller than the
// stream, a receiver holding max_held buffers stops receiving until it
// releases them, two receivers share a pool that keeps running dry, and a
// stop ends the op; on epoll the pool is refused (operation_not_supported),
// which is how callers pick plain reads there.
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <cio/core/op_awaitable.hpp>
#include <cio/net/multishot_recv.hpp>
#include <cio/net/recv_buffer_pool.hpp>
#include <cio/time/sleep.hpp>

#include "net_test_util.hpp"
#include "runtime_fixture.hpp"

namespace cio::testing {
namespace {

using namespace std::chrono_literals;
using net::MultishotRecv;
using net::RecvBufferPool;
using net::RecvChunk;

class MultishotRecvTest : public RuntimeTest {
 protected:
  // A pool on the test's runtime, or nullptr after checking that epoll
  // refuses it (the test then has nothing more to do).
  static std::unique_ptr<RecvBufferPool> make_pool(uint32_t count, uint32_t size) {
    auto pool = RecvBufferPool::create(3, count, size);
    const bool multishot = Runtime::current().driver().supports(Capability::multishot_recv);
    if (!multishot) {
      EXPECT_FALSE(pool);
      EXPECT_EQ(pool.error(), std::errc::operation_not_supported);
      EXPECT_STREQ(pool.operation(), "register buffer ring");
      return nullptr;
    }
    EXPECT_TRUE(pool) << pool.describe();
    return pool ? std::move(*pool) : nullptr;
  }
};
CIO_RUNTIME_TEST_SUITE(MultishotRecvTest);

// Sends `payload` and half-closes; counts `done` down.
Task<void> send_and_close(net::TcpStream& stream, std::span<const std::byte> payload, Latch* done) {
  auto sent = co_await stream.write_all(payload);
  EXPECT_TRUE(sent) << sent.describe();
  auto closed = co_await stream.shutdown(SHUT_WR);
  EXPECT_TRUE(closed) << closed.describe();
  done->count_down();
}

// Receives until end of stream, releasing each chunk once copied.
Task<std::vector<std::byte>> receive_all(RecvBufferPool& pool, MultishotRecv& recv) {
  std::vector<std::byte> received;
  for (;;) {
    auto chunk = co_await recv.next();
    if (!chunk) {
      ADD_FAILURE() << chunk.describe();
      break;
    }
    if (chunk->length == 0) break;
    const auto bytes = pool.bytes(*chunk);
    received.insert(received.end(), bytes.begin(), bytes.end());
    recv.release(*chunk);
  }
  co_await recv.stop();
  co_return received;
}

TEST_P(MultishotRecvTest, AMegabyteArrivesInOrderThroughASmallPool) {
  run([]() -> Task<void> {
    auto pool = make_pool(8, 4096);
    if (!pool) co_return;
    auto pair = co_await connect_tcp();
    CIO_CO_ASSERT_OK(pair);
    const auto payload = random_bytes(size_t{1} << 20, 5);
    Latch sent(1);
    spawn(send_and_close(pair->client, payload, &sent));
    MultishotRecv recv(*pool, pair->server, 4);
    const auto received = co_await receive_all(*pool, recv);
    co_await sent.wait();
    EXPECT_EQ(received.size(), payload.size());
    EXPECT_TRUE(received == payload) << "bytes differ";
    EXPECT_EQ(pool->lent(), 0U);
  }());
}

TEST_P(MultishotRecvTest, HoldingMaxHeldBuffersStopsReceivingUntilReleased) {
  run([]() -> Task<void> {
    auto pool = make_pool(64, 1024);
    if (!pool) co_return;
    auto pair = co_await connect_tcp();
    CIO_CO_ASSERT_OK(pair);
    MultishotRecv recv(*pool, pair->server, 2);
    std::vector<RecvChunk> kept;
    for (const char* piece : {"a", "b"}) {
      auto wrote = co_await pair->client.write_all(std::as_bytes(std::span(piece, 1)));
      CIO_CO_ASSERT_OK(wrote);
      auto chunk = co_await recv.next();
      CIO_CO_ASSERT_OK(chunk);
      kept.push_back(*chunk);
    }
    const std::string late = "cd";
    auto wrote = co_await pair->client.write_all(std::as_bytes(std::span(late)));
    CIO_CO_ASSERT_OK(wrote);
    auto slept = co_await time::sleep(50ms);
    CIO_CO_ASSERT_OK(slept);
    EXPECT_EQ(recv.held(), 2U) << "received past max_held";
    EXPECT_FALSE(recv.try_next().has_value());
    for (RecvChunk chunk : kept) recv.release(chunk);
    std::string rest;
    while (rest.size() < late.size()) {
      auto chunk = co_await recv.next();
      CIO_CO_ASSERT_OK(chunk);
      CIO_CO_ASSERT(chunk->length > 0);
      const auto bytes = pool->bytes(*chunk);
      rest.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
      recv.release(*chunk);
    }
    EXPECT_EQ(rest, late);
    co_await recv.stop();
  }());
}

TEST_P(MultishotRecvTest, TwoReceiversShareAPoolThatKeepsRunningDry) {
  run([]() -> Task<void> {
    auto pool = make_pool(2, 4096);
    if (!pool) co_return;
    auto first = co_await connect_tcp();
    CIO_CO_ASSERT_OK(first);
    auto second = co_await connect_tcp();
    CIO_CO_ASSERT_OK(second);
    const auto one = random_bytes(256 * 1024, 7);
    const auto two = random_bytes(300 * 1024, 8);
    Latch sent(2);
    spawn(send_and_close(first->client, one, &sent));
    spawn(send_and_close(second->client, two, &sent));
    MultishotRecv recv_one(*pool, first->server, 2);
    MultishotRecv recv_two(*pool, second->server, 2);
    std::vector<std::byte> got_two;
    Latch received(1);
    spawn([](RecvBufferPool& pool, MultishotRecv& recv, std::vector<std::byte>& out,
             Latch& done) -> Task<void> {
      out = co_await receive_all(pool, recv);
      done.count_down();
    }(*pool, recv_two, got_two, received));
    const auto got_one = co_await receive_all(*pool, recv_one);
    co_await received.wait();
    co_await sent.wait();
    EXPECT_TRUE(got_one == one) << "first stream differs (" << got_one.size() << " bytes)";
    EXPECT_TRUE(got_two == two) << "second stream differs (" << got_two.size() << " bytes)";
  }());
}

// Waits for `recv`'s next chunk and notes `name` in `order`; counts `done`
// down if given.
Task<void> note_chunk(MultishotRecv& recv, char name, std::string& order, Latch* done = nullptr) {
  auto chunk = co_await recv.next();
  CIO_CO_ASSERT_OK(chunk);
  order += name;
  recv.release(*chunk);
  if (done != nullptr) done->count_down();
}

// In one poll: a no-op completes for A's consumer (busy, like an echo
// waiting for its send), then bytes come for B (whose consumer waits) and
// then for A. A must take its chunk after B, in the order the bytes came,
// not at once on the strength of its earlier wake-up.
TEST_P(MultishotRecvTest, ABusyConsumerTakesAChunkInTheOrderItCame) {
  run([]() -> Task<void> {
    auto pool = make_pool(8, 1024);
    if (!pool) co_return;
    auto a = co_await connect_tcp();
    CIO_CO_ASSERT_OK(a);
    auto b = co_await connect_tcp();
    CIO_CO_ASSERT_OK(b);
    MultishotRecv recv_a(*pool, a->server, 4);
    MultishotRecv recv_b(*pool, b->server, 4);
    std::string order;
    auto first = co_await a->client.write_all(std::as_bytes(std::span("0", 1)));
    CIO_CO_ASSERT_OK(first);
    co_await note_chunk(recv_a, '0', order);  // A's op is armed from now on
    Latch b_done(1);
    spawn(note_chunk(recv_b, 'B', order, &b_done));
    static_cast<void>(co_await OpAwaitable<Nop>());  // B's consumer waits
    for (net::TcpStream* client : {&b->client, &a->client}) {
      CIO_CO_ASSERT(::send(client->native_handle(), "x", 1, 0) == 1);
    }
    static_cast<void>(co_await OpAwaitable<Nop>());  // completes first in the poll that gets both
    co_await note_chunk(recv_a, 'A', order);
    co_await b_done.wait();
    EXPECT_EQ(order, "0BA");
    co_await recv_a.stop();
    co_await recv_b.stop();
  }());
}

TEST_P(MultishotRecvTest, AStoppedWaitIsCanceledAndStopEndsTheOp) {
  run([]() -> Task<void> {
    auto pool = make_pool(4, 1024);
    if (!pool) co_return;
    auto pair = co_await connect_tcp();
    CIO_CO_ASSERT_OK(pair);
    {
      MultishotRecv recv(*pool, pair->server, 4);
      StopSource stop;
      spawn(stop_later(&stop));
      auto chunk = co_await recv.next(stop.token());
      CIO_CO_ASSERT(!chunk);
      EXPECT_EQ(chunk.error(), std::errc::operation_canceled);
      co_await recv.stop();
    }
    EXPECT_EQ(pool->lent(), 0U);
    // A new receiver on the same socket still gets the bytes.
    MultishotRecv again(*pool, pair->server, 4);
    auto wrote = co_await pair->client.write_all(std::as_bytes(std::span("x", 1)));
    CIO_CO_ASSERT_OK(wrote);
    auto chunk = co_await again.next();
    CIO_CO_ASSERT_OK(chunk);
    EXPECT_EQ(chunk->length, 1U);
    again.release(*chunk);
    co_await again.stop();
  }());
}

}  // namespace
}  // namespace cio::testing
