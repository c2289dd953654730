// Interval: ticks at the period without drift, and the "skip" policy for
// ticks that come due while the caller is busy.
#include <stdexcept>
#include <thread>
#include <vector>

#include <cio/time/interval.hpp>
#include <runtime_fixture.hpp>

#include "time_test_util.hpp"

namespace cio::time::testing {
namespace {

class IntervalTest : public cio::testing::RuntimeTest {};
CIO_RUNTIME_TEST_SUITE(IntervalTest);

struct TickLog {
  Clock::time_point start;
  std::vector<Clock::time_point> at;
  uint64_t missed = 0;
};

Task<TickLog> tick_times(Clock::duration period, int ticks) {
  TickLog log{Clock::now(), {}, 0};
  Interval interval(period, log.start);
  for (int i = 0; i < ticks; ++i) {
    auto missed = co_await interval.tick();
    if (!missed) throw std::system_error(missed.error(), missed.describe());
    log.missed += *missed;
    log.at.push_back(Clock::now());
  }
  co_return log;
}

// Ten ticks of 20 ms: none early, none skipped, and the last one on time,
// so lateness does not add up from tick to tick.
TEST_P(IntervalTest, TicksAtThePeriodWithoutDrift) {
  constexpr auto kPeriod = 20ms;
  constexpr int kTicks = 10;
  auto best = Clock::duration::max();
  for (int attempt = 0; attempt < kTries && best > kTolerance; ++attempt) {
    const TickLog log = run(tick_times(kPeriod, kTicks));
    ASSERT_EQ(log.at.size(), size_t{kTicks});
    for (int i = 0; i < kTicks; ++i) {
      EXPECT_GE(log.at[i], log.start + (i + 1) * kPeriod) << "tick " << i << " early";
    }
    const auto lateness = log.at.back() - (log.start + kTicks * kPeriod);
    if (log.missed == 0) best = std::min(best, lateness);
  }
  EXPECT_LE(best, kTolerance) << "last tick late by " << millis(best) << " ms (best of " << kTries
                              << ")";
}

struct LateTick {
  Clock::time_point before, after, next;
  uint64_t missed = 0;
  Result<uint64_t> following = uint64_t{0};
};

// Blocks the shard for `busy`, then takes one late tick and the one after.
Task<LateTick> late_tick(Interval& interval, Clock::duration busy) {
  std::this_thread::sleep_for(busy);
  LateTick late;
  late.before = Clock::now();
  auto missed = co_await interval.tick();
  late.after = Clock::now();
  late.missed = missed.value();
  late.next = interval.next_deadline();
  late.following = co_await interval.tick();
  co_return late;
}

TEST_P(IntervalTest, ATickLateByPeriodsSkipsThemAndRestartsFromNow) {
  constexpr auto kPeriod = 10ms;
  const auto start = Clock::now();
  Interval interval(kPeriod, start);
  const auto first = start + kPeriod;
  const LateTick late = run(late_tick(interval, 35ms));
  // Due at 10 ms, taken after >= 35 ms: the ticks due at 20 and 30 ms are gone.
  EXPECT_GE(late.missed, uint64_t((late.before - first) / kPeriod));
  EXPECT_LE(late.missed, uint64_t((late.after - first) / kPeriod));
  EXPECT_GE(late.missed, 2U);
  EXPECT_LT(late.after - late.before, 5ms) << "a late tick must not wait";
  EXPECT_GE(late.next, late.before + kPeriod);
  EXPECT_LE(late.next, late.after + kPeriod);
  ASSERT_TRUE(late.following) << late.following.describe();
}

TEST_P(IntervalTest, ATickLateByLessThanAPeriodKeepsThePhase) {
  constexpr auto kPeriod = 50ms;
  const auto start = Clock::now();
  Interval interval(kPeriod, start);
  const LateTick late = run(late_tick(interval, 60ms));
  EXPECT_EQ(late.missed, 0U);
  EXPECT_EQ(late.next, start + 2 * kPeriod);
  ASSERT_TRUE(late.following) << late.following.describe();
  EXPECT_EQ(*late.following, 0U);
}

TEST_P(IntervalTest, AStoppedTokenCancelsTheTick) {
  auto tick = run([]() -> Task<Result<uint64_t>> {
    Interval interval(1h);
    StopSource stop;
    stop.request_stop();
    co_return co_await interval.tick(stop.token());
  }());
  ASSERT_FALSE(tick);
  EXPECT_EQ(tick.error(), std::errc::operation_canceled);
  EXPECT_STREQ(tick.operation(), "interval tick");
}

TEST_P(IntervalTest, ANonPositivePeriodIsRejected) {
  EXPECT_THROW(Interval(0ns), std::invalid_argument);
  EXPECT_THROW(Interval(-1ms), std::invalid_argument);
}

}  // namespace
}  // namespace cio::time::testing
