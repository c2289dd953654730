// Linked timeouts: an op and a Timeout pushed together; whichever ends first
// ends the other, and both report exactly one final entry.
#include <array>

#include "driver_test_util.hpp"

namespace cio::test {
namespace {

class LinkedTimeoutTest : public DriverTest {};
CIO_INSTANTIATE_BACKENDS(LinkedTimeoutTest);

// Entries of the op (user_data 1) and its timeout (user_data 2).
struct LinkedResults {
  int32_t op = kNoEntry;
  int32_t timeout = kNoEntry;
};

LinkedResults collect(Driver& driver) {
  LinkedResults results;
  for (const Entry& entry : run_until(driver, 2)) {
    (entry.user_data == 1 ? results.op : results.timeout) = entry.result;
  }
  return results;
}

TEST_P(LinkedTimeoutTest, TimeoutCancelsAReadThatNeverCompletes) {
  FdPair pair = socket_pair();
  char buf[8];
  Recv recv(attach(pair.a.get()), buf, sizeof(buf));
  Timeout timeout(10ms);
  ASSERT_TRUE(driver().try_push_linked(recv, 1, timeout, 2));
  const LinkedResults results = collect(driver());
  EXPECT_EQ(results.op, -ECANCELED);
  EXPECT_EQ(results.timeout, 0) << "an expired link timeout reports success";
  EXPECT_EQ(driver().in_flight(), 0U);
}

TEST_P(LinkedTimeoutTest, OpThatFinishesFirstCancelsTheTimeout) {
  FdPair pair = socket_pair();
  ASSERT_TRUE(write_all(pair.b.get(), "ping", 4));
  char buf[8];
  Recv recv(attach(pair.a.get()), buf, sizeof(buf));
  Timeout timeout(10s);
  ASSERT_TRUE(driver().try_push_linked(recv, 1, timeout, 2));
  const LinkedResults results = collect(driver());
  EXPECT_EQ(results.op, 4);
  EXPECT_EQ(results.timeout, -ECANCELED);
  EXPECT_EQ(driver().in_flight(), 0U);
}

TEST_P(LinkedTimeoutTest, DataArrivingBeforeTheDeadlineWins) {
  FdPair pair = socket_pair();
  char buf[8];
  Recv recv(attach(pair.a.get()), buf, sizeof(buf));
  Timeout timeout(5s);
  ASSERT_TRUE(driver().try_push_linked(recv, 1, timeout, 2));
  std::array<Entry, 4> out{};
  ASSERT_TRUE(driver().submit(0ns, out).has_value());
  ASSERT_TRUE(write_all(pair.b.get(), "pong!", 5));
  const LinkedResults results = collect(driver());
  EXPECT_EQ(results.op, 5);
  EXPECT_EQ(results.timeout, -ECANCELED);
}

TEST_P(LinkedTimeoutTest, NeedsRoomForBothOps) {
  CIO_DRIVER_OR_SKIP(small, config(2));
  Nop first;
  ASSERT_TRUE(small->try_push(first, 9));
  Nop op;
  Timeout timeout(1s);
  EXPECT_FALSE(small->try_push_linked(op, 1, timeout, 2));
  EXPECT_FALSE(op.in_flight());
  EXPECT_FALSE(timeout.in_flight());
  EXPECT_EQ(run_until(*small, 1).size(), 1U);
}

}  // namespace
}  // namespace cio::test
