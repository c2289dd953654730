// timeout(): a task that overruns is stopped and waited for; a fast task's
// result comes back without waiting for the timer.
#include <stdexcept>

#include <cio/time/sleep.hpp>
#include <cio/time/timeout.hpp>
#include <runtime_fixture.hpp>

#include "time_test_util.hpp"

namespace cio::time::testing {
namespace {

class TimeoutTest : public cio::testing::RuntimeTest {};
CIO_RUNTIME_TEST_SUITE(TimeoutTest);

// Marks when the frame holding it is destroyed.
struct FrameProbe {
  bool* destroyed;
  ~FrameProbe() { *destroyed = true; }
};

// Would sleep for an hour; ends early only when stopped.
Task<Result<int>> overrun(StopToken stop, bool* destroyed, bool* saw_stop) {
  FrameProbe probe{destroyed};
  auto slept = co_await sleep(1h, stop);
  *saw_stop = !slept && slept.error() == std::errc::operation_canceled;
  co_return 7;
}

TEST_P(TimeoutTest, ATaskThatOverrunsIsStoppedAndTimesOut) {
  constexpr auto kLimit = 30ms;
  bool destroyed = false;
  bool saw_stop = false;
  const auto start = Clock::now();
  auto got = run(timeout(
      kLimit, [&](StopToken stop) { return overrun(std::move(stop), &destroyed, &saw_stop); }));
  const auto elapsed = Clock::now() - start;
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error(), std::errc::timed_out);
  EXPECT_STREQ(got.operation(), "timeout");
  EXPECT_TRUE(saw_stop);
  EXPECT_TRUE(destroyed) << "the task's frame must be gone when timeout() returns";
  EXPECT_GE(elapsed, kLimit);
  EXPECT_LT(elapsed, kLimit + 100ms) << millis(elapsed) << " ms";
}

Task<int> quick(StopToken stop) {
  auto slept = co_await sleep(1ms, stop);
  co_return slept ? 42 : -1;
}

TEST_P(TimeoutTest, AFastTaskReturnsItsValueWithoutWaitingForTheTimer) {
  const auto start = Clock::now();
  auto got = run(timeout(10s, quick));
  ASSERT_TRUE(got) << got.describe();
  EXPECT_EQ(*got, 42);
  EXPECT_LT(Clock::now() - start, 1s);
}

Task<Result<int>> fails(StopToken) {
  co_return Result<int>(std::make_error_code(std::errc::io_error), "inner read");
}

TEST_P(TimeoutTest, ATaskOfResultIsPassedThrough) {
  auto got = run(timeout(10s, fails));
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error(), std::errc::io_error);
  EXPECT_STREQ(got.operation(), "inner read");
}

Task<void> nothing(StopToken) { co_return; }

TEST_P(TimeoutTest, AVoidTaskGivesResultOfVoid) {
  auto got = run(timeout(10s, nothing));
  EXPECT_TRUE(got) << got.describe();
}

Task<int> throws(StopToken) {
  throw std::runtime_error("boom");
  co_return 0;
}

TEST_P(TimeoutTest, AnExceptionFromTheTaskIsRethrown) {
  EXPECT_THROW((void)run(timeout(10s, throws)), std::runtime_error);
}

// Runs many timeouts back to back: each cancels its timer and frees its ops.
TEST_P(TimeoutTest, RepeatedTimeoutsLeaveNothingInFlight) {
  auto in_flight = run([]() -> Task<size_t> {
    for (int i = 0; i < 100; ++i) {
      auto got = co_await timeout(i % 2 == 0 ? 10s : 0ns, quick);
      if (!got && got.error() != std::errc::timed_out) co_return size_t{999};
    }
    co_return Runtime::current().driver().in_flight();
  }());
  EXPECT_EQ(in_flight, 0U);
}

}  // namespace
}  // namespace cio::time::testing
