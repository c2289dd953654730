// sleep() and sleep_until() on both backends: on time, never early,
// cancellable.
#include <time.h>

#include <algorithm>

#include <cio/time/sleep.hpp>
#include <runtime_fixture.hpp>

#include "time_test_util.hpp"

namespace cio::time::testing {
namespace {

class SleepTest : public cio::testing::RuntimeTest {};
CIO_RUNTIME_TEST_SUITE(SleepTest);

TEST_P(SleepTest, ClockReadsBoottime) {
  timespec raw{};
  clock_gettime(CLOCK_BOOTTIME, &raw);
  const auto before = std::chrono::seconds(raw.tv_sec) + std::chrono::nanoseconds(raw.tv_nsec);
  const auto now = Clock::now().time_since_epoch();
  EXPECT_GE(now, before);
  EXPECT_LT(now - before, 100ms);
}

TEST_P(SleepTest, SleepTakesTheDurationWithinTolerance) {
  constexpr auto kDuration = 20ms;
  auto best = Clock::duration::max();
  for (int attempt = 0; attempt < kTries && best > kDuration + kTolerance; ++attempt) {
    const auto start = Clock::now();
    auto slept = run([](Clock::duration duration) -> Task<Result<void>> {
      co_return co_await sleep(duration);
    }(kDuration));
    const auto elapsed = Clock::now() - start;
    ASSERT_TRUE(slept) << slept.describe();
    EXPECT_GE(elapsed, kDuration) << "woke early: " << millis(elapsed) << " ms";
    best = std::min(best, elapsed);
  }
  EXPECT_LE(best, kDuration + kTolerance) << "best of " << kTries << ": " << millis(best) << " ms";
}

TEST_P(SleepTest, SleepUntilWakesAtTheDeadline) {
  auto best_lateness = Clock::duration::max();
  for (int attempt = 0; attempt < kTries && best_lateness > kTolerance; ++attempt) {
    const auto deadline = Clock::now() + 20ms;
    auto slept = run([](Clock::time_point at) -> Task<Result<void>> {
      co_return co_await sleep_until(at);
    }(deadline));
    const auto lateness = Clock::now() - deadline;
    ASSERT_TRUE(slept) << slept.describe();
    EXPECT_GE(lateness, 0ns) << "woke " << millis(-lateness) << " ms early";
    best_lateness = std::min(best_lateness, lateness);
  }
  EXPECT_LE(best_lateness, kTolerance) << "late by " << millis(best_lateness) << " ms";
}

TEST_P(SleepTest, SleepUntilAPastDeadlineReturnsAtOnce) {
  const auto start = Clock::now();
  auto slept = run([](Clock::time_point at) -> Task<Result<void>> {
    co_return co_await sleep_until(at);
  }(start - 1s));
  EXPECT_TRUE(slept) << slept.describe();
  EXPECT_LT(Clock::now() - start, 100ms);
}

Task<void> sleep_long(StopToken stop, Result<void>* out, bool* done) {
  *out = co_await sleep(1h, stop);
  *done = true;
}

TEST_P(SleepTest, StoppingTheTokenEndsTheSleepWithOperationCanceled) {
  const auto start = Clock::now();
  auto slept = run([]() -> Task<Result<void>> {
    StopSource stop;
    Result<void> got;
    bool done = false;
    spawn(sleep_long(stop.token(), &got, &done));
    static_cast<void>(co_await sleep(5ms));
    stop.request_stop();
    while (!done) static_cast<void>(co_await sleep(1ms));
    co_return got;
  }());
  ASSERT_FALSE(slept);
  EXPECT_EQ(slept.error(), std::errc::operation_canceled);
  EXPECT_STREQ(slept.operation(), "sleep");
  EXPECT_LT(Clock::now() - start, 1s);
}

TEST_P(SleepTest, AnAlreadyStoppedTokenCancelsAtOnce) {
  auto slept = run([]() -> Task<Result<void>> {
    StopSource stop;
    stop.request_stop();
    co_return co_await sleep(1h, stop.token());
  }());
  ASSERT_FALSE(slept);
  EXPECT_EQ(slept.error(), std::errc::operation_canceled);
}

}  // namespace
}  // namespace cio::time::testing
