// Channel close(): receivers drain then see kClosed; senders fail; and every
// value is destroyed exactly once whichever way it leaves.
#include <cio/sync/channel.hpp>
#include <runtime_fixture.hpp>

#include "sync_test_util.hpp"

namespace cio::sync::testing {
namespace {

class ChannelCloseTest : public cio::testing::RuntimeTest {
 protected:
  void TearDown() override { EXPECT_EQ(Counted::live, 0) << "a value leaked or died twice"; }
};
CIO_RUNTIME_TEST_SUITE(ChannelCloseTest);

TEST_P(ChannelCloseTest, ReceiversDrainQueuedValuesThenSeeClosed) {
  run([]() -> Task<void> {
    Channel<Counted> channel(4);
    EXPECT_TRUE(co_await channel.send(Counted(1)));
    EXPECT_TRUE(co_await channel.send(Counted(2)));
    channel.close();
    EXPECT_EQ((co_await channel.receive())->value, 1);
    EXPECT_EQ((co_await channel.receive())->value, 2);
    auto drained = co_await channel.receive();
    EXPECT_EQ(drained.error(), kClosed);
    EXPECT_STREQ(drained.operation(), "channel receive");
    EXPECT_EQ(channel.try_receive().error(), kClosed);
  }());
}

TEST_P(ChannelCloseTest, SendingToAClosedChannelFails) {
  run([]() -> Task<void> {
    Channel<Counted> channel(4);
    channel.close();
    auto sent = co_await channel.send(Counted(1));
    EXPECT_EQ(sent.error(), kClosed);
    EXPECT_STREQ(sent.operation(), "channel send");
    EXPECT_EQ(channel.try_send(Counted(2)).error(), kClosed);
    EXPECT_EQ(channel.size(), 0U);
  }());
}

Task<void> send_value(Channel<Counted>& channel, int value, Result<void>& out, bool& done) {
  out = co_await channel.send(Counted(value));
  done = true;
}

Task<void> receive_value(Channel<Counted>& channel, Result<Counted>& out, bool& done) {
  out = co_await channel.receive();
  done = true;
}

TEST_P(ChannelCloseTest, CloseFailsBlockedSenders) {
  run([]() -> Task<void> {
    Channel<Counted> channel(1);
    EXPECT_TRUE(co_await channel.send(Counted(1)));
    Result<void> blocked;
    bool done = false;
    spawn(send_value(channel, 2, blocked, done));
    co_await let_others_run();
    EXPECT_FALSE(done);
    channel.close();
    co_await let_others_run();
    EXPECT_TRUE(done);
    EXPECT_EQ(blocked.error(), kClosed);
    EXPECT_EQ((co_await channel.receive())->value, 1) << "queued values survive close()";
  }());
}

TEST_P(ChannelCloseTest, CloseFailsBlockedReceivers) {
  run([]() -> Task<void> {
    Channel<Counted> channel(1);
    Result<Counted> blocked = Counted(0);
    bool done = false;
    spawn(receive_value(channel, blocked, done));
    co_await let_others_run();
    EXPECT_FALSE(done);
    channel.close();
    co_await let_others_run();
    EXPECT_TRUE(done);
    EXPECT_EQ(blocked.error(), kClosed);
  }());
}

TEST_P(ChannelCloseTest, ValuesLeftInTheBufferAreDestroyedWithTheChannel) {
  {
    Channel<Counted> channel(3);
    EXPECT_TRUE(channel.try_send(Counted(1)));
    EXPECT_TRUE(channel.try_send(Counted(2)));
    EXPECT_EQ(Counted::live, 2);
    EXPECT_EQ(channel.try_receive()->value, 1);
    EXPECT_EQ(Counted::live, 1);
  }
  EXPECT_EQ(Counted::live, 0);
}

}  // namespace
}  // namespace cio::sync::testing
