// Time: Timeout ops, submit's own wait limit, and wake() from another thread.
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <string>
#include <thread>

#include "driver_test_util.hpp"

namespace cio::test {
namespace {

class TimeoutWakeTest : public DriverTest {};
CIO_INSTANTIATE_BACKENDS(TimeoutWakeTest);

using Millis = std::chrono::duration<double, std::milli>;

// A timer never fires early, but the thread that reaps it can be scheduled
// late on a busy 2-core machine. Tolerance: 15 ms of lateness, met by the best
// of three tries; every try must take at least the full duration.
constexpr auto kTolerance = 15ms;

TEST_P(TimeoutWakeTest, TwentyMillisecondTimeoutIsOnTime) {
  constexpr auto kDuration = 20ms;
  Clock::duration best = Clock::duration::max();
  for (int attempt = 0; attempt < 3; ++attempt) {
    Timeout timeout(kDuration);
    const auto start = Clock::now();
    const Entry entry = run_one(driver(), timeout, 20, 1s);
    const auto elapsed = Clock::now() - start;
    EXPECT_EQ(entry.result, 0) << result_text(entry.result);
    EXPECT_GE(elapsed, kDuration) << "fired early: " << Millis(elapsed).count() << " ms";
    best = std::min(best, elapsed);
    if (best <= kDuration + kTolerance) break;
  }
  EXPECT_LE(best, kDuration + kTolerance) << "best of 3: " << Millis(best).count() << " ms";
}

TEST_P(TimeoutWakeTest, ZeroDurationTimeoutCompletes) {
  Timeout timeout(0ns);
  const auto start = Clock::now();
  const Entry entry = run_one(driver(), timeout, 0, 1s);
  EXPECT_EQ(entry.result, 0) << result_text(entry.result);
  EXPECT_LT(Clock::now() - start, 100ms);
}

TEST_P(TimeoutWakeTest, SubmitWithoutALimitWaitsForTheTimeout) {
  Timeout timeout(5ms);
  ASSERT_TRUE(driver().try_push(timeout, 6));
  std::array<Entry, 4> out{};
  size_t copied = 0;
  // nullopt waits for an entry; a spurious empty return is allowed, so loop.
  for (int i = 0; i < 10 && copied == 0; ++i) {
    auto got = driver().submit(std::nullopt, out);
    ASSERT_TRUE(got.has_value()) << got.error().message();
    copied = *got;
  }
  ASSERT_EQ(copied, 1U);
  EXPECT_EQ(out[0].user_data, 6U);
  EXPECT_EQ(out[0].result, 0) << result_text(out[0].result);
}

// An interrupted wait may return early with 0 entries (the contract allows
// it; a thread that destroyed an io_uring ring gets one such interruption
// from the kernel's ring teardown). So a few tries, one of which must land
// in [limit, limit + tolerance].
TEST_P(TimeoutWakeTest, SubmitWithALimitAndNothingInFlightReturnsEmpty) {
  constexpr auto kLimit = 30ms;
  std::array<Entry, 4> out{};
  std::string tries;
  bool on_time = false;
  for (int attempt = 0; attempt < 5 && !on_time; ++attempt) {
    const auto start = Clock::now();
    auto got = driver().submit(kLimit, out);
    const auto elapsed = Clock::now() - start;
    ASSERT_TRUE(got.has_value()) << got.error().message();
    EXPECT_EQ(*got, 0U);
    on_time = elapsed >= kLimit - 1ms && elapsed <= kLimit + kTolerance;
    tries += std::to_string(Millis(elapsed).count()) + " ms; ";
  }
  EXPECT_TRUE(on_time) << "no wait lasted about " << kLimit.count() << " ms: " << tries;
  EXPECT_EQ(driver().in_flight(), 0U);
}

// A readiness change that completes no op (here: our socket turns writable
// again while only a Recv waits on it) is not an entry: submit keeps waiting
// for the rest of its limit. Three tries, as an interrupted wait may end early.
TEST_P(TimeoutWakeTest, SubmitKeepsWaitingThroughReadinessThatCompletesNothing) {
  constexpr auto kLimit = 50ms;
  FdPair pair = socket_pair();
  char buf[8];
  Recv recv(attach(pair.a.get()), buf, sizeof(buf));
  ASSERT_TRUE(driver().try_push(recv, 1));
  std::array<Entry, 4> out{};
  ASSERT_TRUE(driver().submit(0ns, out).has_value());
  std::string tries;
  bool waited = false;
  for (int attempt = 0; attempt < 3 && !waited; ++attempt) {
    char block[4096] = {};
    ASSERT_EQ(::write(pair.a.get(), block, sizeof(block)), ssize_t{sizeof(block)});
    ASSERT_TRUE(read_exact(pair.b.get(), block, sizeof(block)));  // frees our send buffer
    const auto start = Clock::now();
    auto got = driver().submit(kLimit, out);
    const auto elapsed = Clock::now() - start;
    ASSERT_TRUE(got.has_value()) << got.error().message();
    ASSERT_EQ(*got, 0U) << "the Recv has no data";
    waited = elapsed >= kLimit - 1ms;
    tries += std::to_string(Millis(elapsed).count()) + " ms; ";
  }
  EXPECT_TRUE(waited) << "submit(" << kLimit.count()
                      << " ms) returned early with no entry: " << tries;
  reclaim(driver(), recv);
}

// Rounds 0..5 send 1, 2 or 3 wakes in a row: coalesced wakes must still wake
// the blocked submit of every round. A submit that returns before the wake
// was sent (an interrupted wait) is simply called again.
TEST_P(TimeoutWakeTest, WakeFromAnotherThreadEndsABlockingSubmit) {
  Driver& target = driver();
  std::array<Entry, 4> out{};
  for (int round = 0; round < 6; ++round) {
    std::atomic<bool> sent{false};
    std::atomic<bool> returned{false};
    Clock::time_point sent_at;
    std::thread waker([&, wakes = 1 + round % 3] {
      std::this_thread::sleep_for(20ms);
      sent_at = Clock::now();
      sent = true;
      for (int i = 0; i < wakes; ++i) target.wake();
      // Safety net: a lost wake fails the time check below instead of hanging.
      for (int i = 0; i < 150 && !returned.load(); ++i) std::this_thread::sleep_for(10ms);
      while (!returned.load()) {
        target.wake();
        std::this_thread::sleep_for(50ms);
      }
    });
    int early = 0;
    Result<size_t> got = size_t{0};
    for (;;) {
      got = driver().submit(std::nullopt, out);
      if (!got || sent.load() || ++early > 100) break;
    }
    const auto returned_at = Clock::now();
    returned = true;
    waker.join();
    ASSERT_TRUE(got.has_value()) << got.error().message();
    EXPECT_EQ(*got, 0U);
    EXPECT_LE(early, 100) << "round " << round << ": submit(nullopt) keeps returning at once";
    EXPECT_LT(returned_at - sent_at, 1s) << "round " << round << ": the wake was lost";
  }
}

TEST_P(TimeoutWakeTest, WakeBeforeSubmitIsNotLost) {
  driver().wake();
  std::array<Entry, 4> out{};
  std::atomic<bool> returned{false};
  Driver& target = driver();
  std::thread safety_net([&] {
    for (int i = 0; i < 150 && !returned.load(); ++i) std::this_thread::sleep_for(10ms);
    while (!returned.load()) {
      target.wake();
      std::this_thread::sleep_for(50ms);
    }
  });
  const auto start = Clock::now();
  auto got = driver().submit(std::nullopt, out);
  const auto elapsed = Clock::now() - start;
  returned = true;
  safety_net.join();
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(*got, 0U);
  EXPECT_LT(elapsed, 1s) << "a wake made before submit was lost";
}

}  // namespace
}  // namespace cio::test
