// Channel: FIFO order, waiting while full or empty, direct hand-off,
// rendezvous at capacity 0, and cancellation.
#include <vector>

#include <cio/sync/channel.hpp>
#include <runtime_fixture.hpp>

#include "sync_test_util.hpp"

namespace cio::sync::testing {
namespace {

class ChannelTest : public cio::testing::RuntimeTest {};
CIO_RUNTIME_TEST_SUITE(ChannelTest);

Task<void> produce(Channel<int>& channel, int from, int count, int& sent) {
  for (int i = from; i < from + count; ++i) {
    auto queued = co_await channel.send(i);
    if (!queued) co_return;
    ++sent;
  }
}

Task<void> consume(Channel<int>& channel, int count, std::vector<int>& got) {
  for (int i = 0; i < count; ++i) {
    auto value = co_await channel.receive();
    if (!value) co_return;
    got.push_back(*value);
  }
}

TEST_P(ChannelTest, KeepsFifoOrderThroughASmallBuffer) {
  run([]() -> Task<void> {
    Channel<int> channel(4);
    int sent = 0;
    std::vector<int> got;
    spawn(consume(channel, 100, got));
    spawn(produce(channel, 0, 100, sent));
    co_await wait_until([&] { return got.size() == 100; });
    for (int i = 0; i < 100; ++i) EXPECT_EQ(got[size_t(i)], i);
    EXPECT_EQ(channel.size(), 0U);
  }());
}

TEST_P(ChannelTest, SendWaitsWhileFull) {
  run([]() -> Task<void> {
    Channel<int> channel(2);
    int sent = 0;
    spawn(produce(channel, 0, 3, sent));
    co_await let_others_run();
    EXPECT_EQ(sent, 2);
    EXPECT_EQ(channel.size(), 2U);
    EXPECT_EQ(*co_await channel.receive(), 0);
    co_await let_others_run();
    EXPECT_EQ(sent, 3) << "the freed slot goes to the waiting sender";
    EXPECT_EQ(*co_await channel.receive(), 1);
    EXPECT_EQ(*co_await channel.receive(), 2);
  }());
}

TEST_P(ChannelTest, ReceiveWaitsWhileEmptyAndGetsTheValueHandedOver) {
  run([]() -> Task<void> {
    Channel<int> channel(2);
    std::vector<int> got;
    spawn(consume(channel, 1, got));
    co_await let_others_run();
    EXPECT_TRUE(got.empty());
    EXPECT_TRUE(co_await channel.send(7));
    EXPECT_EQ(channel.size(), 0U) << "a waiting receiver takes the value directly";
    co_await let_others_run();
    EXPECT_EQ(got, std::vector<int>{7});
  }());
}

TEST_P(ChannelTest, WaitingReceiversAreServedInFifoOrder) {
  run([]() -> Task<void> {
    Channel<int> channel(1);
    std::vector<int> first, second, third;
    spawn(consume(channel, 1, first));
    spawn(consume(channel, 1, second));
    spawn(consume(channel, 1, third));
    co_await let_others_run();
    for (int i = 1; i <= 3; ++i) EXPECT_TRUE(channel.try_send(int(i)));
    co_await let_others_run();
    EXPECT_EQ(first, std::vector<int>{1});
    EXPECT_EQ(second, std::vector<int>{2});
    EXPECT_EQ(third, std::vector<int>{3});
  }());
}

TEST_P(ChannelTest, CapacityZeroIsARendezvous) {
  run([]() -> Task<void> {
    Channel<int> channel(0);
    int sent = 0;
    spawn(produce(channel, 5, 2, sent));
    co_await let_others_run();
    EXPECT_EQ(sent, 0) << "no receiver yet";
    EXPECT_EQ(*co_await channel.receive(), 5);
    co_await let_others_run();
    EXPECT_EQ(sent, 1);
    EXPECT_EQ(*co_await channel.receive(), 6);
  }());
}

TEST_P(ChannelTest, TrySendAndTryReceiveNeverWait) {
  Channel<int> channel(1);
  auto empty = channel.try_receive();
  EXPECT_EQ(empty.error(), std::errc::resource_unavailable_try_again);
  EXPECT_STREQ(empty.operation(), "channel try_receive");
  int value = 1;
  EXPECT_TRUE(channel.try_send(std::move(value)));
  auto full = channel.try_send(2);
  EXPECT_EQ(full.error(), std::errc::resource_unavailable_try_again);
  EXPECT_STREQ(full.operation(), "channel try_send");
  EXPECT_EQ(*channel.try_receive(), 1);
}

Task<void> receive_one(Channel<int>& channel, StopToken stop, Result<int>& out) {
  out = co_await channel.receive(std::move(stop));
}

TEST_P(ChannelTest, StoppingAWaitingReceiverCancelsItAndTakesNothing) {
  run([]() -> Task<void> {
    Channel<int> channel(1);
    StopSource stop;
    Result<int> stopped = -1;
    spawn(receive_one(channel, stop.token(), stopped));
    co_await let_others_run();
    stop.request_stop();
    co_await let_others_run();
    EXPECT_EQ(stopped.error(), std::errc::operation_canceled);
    EXPECT_STREQ(stopped.operation(), "channel receive");
    EXPECT_TRUE(co_await channel.send(3));
    EXPECT_EQ(channel.size(), 1U) << "the canceled receiver must not get it";
  }());
}

Task<void> send_one(Channel<int>& channel, int value, StopToken stop, Result<void>& out) {
  out = co_await channel.send(value, std::move(stop));
}

TEST_P(ChannelTest, StoppingAWaitingSenderCancelsItAndSendsNothing) {
  run([]() -> Task<void> {
    Channel<int> channel(1);
    EXPECT_TRUE(co_await channel.send(1));
    StopSource stop;
    Result<void> stopped;
    spawn(send_one(channel, 2, stop.token(), stopped));
    co_await let_others_run();
    stop.request_stop();
    co_await let_others_run();
    EXPECT_EQ(stopped.error(), std::errc::operation_canceled);
    EXPECT_STREQ(stopped.operation(), "channel send");
    EXPECT_EQ(*co_await channel.receive(), 1);
    EXPECT_EQ(channel.size(), 0U);
  }());
}

}  // namespace
}  // namespace cio::sync::testing
