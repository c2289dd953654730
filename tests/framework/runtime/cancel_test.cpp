// Cancellation through StopSource: an awaited op resumes once, after its
// final completion, with its own result or operation_canceled, whether the
// stop comes before the await, while the op waits for SQ space, while the
// kernel holds it, or after it finished.
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <array>
#include <chrono>
#include <random>
#include <vector>

#include <cio/core/op_awaitable.hpp>
#include <cio/core/runtime.hpp>
#include <cio/core/stop.hpp>

#include "runtime_fixture.hpp"
#include "runtime_test_util.hpp"

namespace cio::testing {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

class CancelTest : public RuntimeTest {};
CIO_RUNTIME_TEST_SUITE(CancelTest);

Task<void> stop_after(StopSource source, uint32_t yields) {
  for (uint32_t i = 0; i < yields; ++i) co_await yield();
  source.request_stop();
}

TEST_P(CancelTest, StopResumesAfterTheFinalCompletion) {
  Runtime runtime = make_runtime();
  StopSource source;
  Result<uint32_t> result = std::errc::invalid_argument;
  bool op_idle = false;
  size_t in_flight = 1;
  Clock::duration waited{};
  runtime.block_on([&]() -> Task<void> {
    spawn(stop_after(source, 3));
    OpAwaitable<Timeout> sleep(source.token(), 10s);
    const Clock::time_point start = Clock::now();
    result = co_await sleep;
    waited = Clock::now() - start;
    op_idle = sleep.op().state() == OpState::idle;
    in_flight = runtime.driver().in_flight();
  }());
  EXPECT_TRUE(canceled(result)) << result.describe();
  EXPECT_TRUE(op_idle) << "resumed while the driver still held the op";
  EXPECT_EQ(in_flight, 0U);
  EXPECT_LT(waited, 5s);
}

Task<void> stop_and_check_not_resumed(StopSource source, const bool& resumed, bool& inline_resume) {
  co_await yield();
  source.request_stop();
  inline_resume = resumed;
}

// request_stop only asks: the waiter runs later, from the loop.
TEST_P(CancelTest, RequestStopNeverResumesInline) {
  Runtime runtime = make_runtime();
  StopSource source;
  bool resumed = false;
  bool inline_resume = false;
  Result<uint32_t> result = std::errc::invalid_argument;
  runtime.block_on([&]() -> Task<void> {
    spawn(stop_and_check_not_resumed(source, resumed, inline_resume));
    result = co_await OpAwaitable<Timeout>(source.token(), 10s);
    resumed = true;
  }());
  EXPECT_TRUE(canceled(result)) << result.describe();
  EXPECT_FALSE(inline_resume);
}

TEST_P(CancelTest, StopBeforeAwaitCompletesAtOnce) {
  Runtime runtime = make_runtime();
  StopSource source;
  source.request_stop();
  Clock::duration waited{};
  const uint64_t submitted = runtime.stats().ops_submitted;
  const Result<uint32_t> result = runtime.block_on([&]() -> Task<Result<uint32_t>> {
    const Clock::time_point start = Clock::now();
    Result<uint32_t> slept = co_await OpAwaitable<Timeout>(source.token(), 10s);
    waited = Clock::now() - start;
    co_return slept;
  }());
  EXPECT_TRUE(canceled(result)) << result.describe();
  EXPECT_LT(waited, 1s);
  EXPECT_EQ(runtime.stats().ops_submitted, submitted) << "a stopped await reached the driver";
  EXPECT_EQ(runtime.driver().in_flight(), 0U);
}

TEST_P(CancelTest, StopAfterCompletionChangesNothing) {
  Runtime runtime = make_runtime();
  StopSource source;
  const Result<uint32_t> result = runtime.block_on([&]() -> Task<Result<uint32_t>> {
    Result<uint32_t> done = co_await OpAwaitable<Nop>(source.token());
    source.request_stop();
    co_await yield();
    co_return done;
  }());
  ASSERT_TRUE(result.has_value()) << result.describe();
  EXPECT_EQ(*result, 0U);
}

Task<void> sleep_until_stopped(StopToken token, int& canceled_count) {
  const Result<uint32_t> result = co_await OpAwaitable<Timeout>(std::move(token), 10s);
  if (canceled(result)) ++canceled_count;
}

// With a 4-entry SQ most of the 64 sleeps still sit in the runtime's queue
// when the stop comes; they leave it without ever reaching the driver.
TEST_P(CancelTest, StopReachesOpsWaitingForSqSpace) {
  constexpr int kSleeps = 64;
  RuntimeConfig small = config();
  small.driver.entries = 4;
  Runtime runtime(small);
  StopSource source;
  int canceled_count = 0;
  const Clock::time_point start = Clock::now();
  const bool drained = runtime.block_on([&]() -> Task<bool> {
    for (int i = 0; i < kSleeps; ++i) spawn(sleep_until_stopped(source.token(), canceled_count));
    co_await yield();
    source.request_stop();
    co_return co_await all_spawned_done();
  }());
  EXPECT_TRUE(drained);
  EXPECT_EQ(canceled_count, kSleeps);
  EXPECT_LT(Clock::now() - start, 5s);
  EXPECT_EQ(runtime.driver().in_flight(), 0U);
}

// The random mix: what each awaited op should end with unless stopped.
enum class Kind : uint8_t { nop, timeout, recv_ready, recv_silent, count };
constexpr size_t kKinds = static_cast<size_t>(Kind::count);
constexpr char kPayload = 'x';
constexpr std::array<std::chrono::nanoseconds, 3> kShortTimeouts = {0us, 20us, 200us};

struct Tally {
  uint64_t started = 0;
  uint64_t resumed = 0;
  uint64_t wrong = 0;  // neither the natural result nor operation_canceled
  std::array<uint64_t, kKinds> natural{};
  std::array<uint64_t, kKinds> canceled{};
  bool stuck = false;

  void record(Kind kind, const Result<uint32_t>& result) {
    const auto k = static_cast<size_t>(kind);
    const uint32_t expected = kind == Kind::recv_ready ? 1 : 0;
    if (cio::testing::canceled(result)) {
      ++canceled[k];
    } else if (kind != Kind::recv_silent && result.has_value() && *result == expected) {
      ++natural[k];
    } else {
      ++wrong;
    }
  }
};

// One victim at a time per lane, so its sockets hold a known state.
struct Lane {
  FdPair ready = make_socketpair();   // a byte is sent to `ready.a` before a recv_ready
  FdPair silent = make_socketpair();  // never written
  Fd ready_fd;
  Fd silent_fd;
};

Task<void> victim(StopToken token, Kind kind, Fd fd, std::chrono::nanoseconds wait, Tally& tally,
                  Tracked) {
  ++tally.started;
  char buf[8];
  Result<uint32_t> result = std::errc::invalid_argument;
  switch (kind) {
    case Kind::nop:
      result = co_await OpAwaitable<Nop>(std::move(token));
      break;
    case Kind::timeout:
      result = co_await OpAwaitable<Timeout>(std::move(token), wait);
      break;
    default:
      result = co_await OpAwaitable<Recv>(std::move(token), fd, buf, sizeof(buf));
      break;
  }
  ++tally.resumed;
  tally.record(kind, result);
}

// Spawns one victim and the task that stops it after 0-3 yields, in a
// random order: the stop may land before the await, while the op waits for
// SQ space or sits in the kernel, or after it finished.
void start_iteration(Lane& lane, std::mt19937& random, Tally& tally) {
  const auto kind = static_cast<Kind>(random() % kKinds);
  const auto wait = kShortTimeouts[random() % kShortTimeouts.size()];
  const uint32_t yields = random() % 4;
  const bool stopper_first = random() % 2 == 0;
  if (kind == Kind::recv_ready && send(lane.ready.b.get(), &kPayload, 1, 0) != 1) {
    ++tally.wrong;
    return;
  }
  StopSource source;
  const Fd fd = kind == Kind::recv_silent ? lane.silent_fd : lane.ready_fd;
  Task<void> stopper = stop_after(source, yields);
  Task<void> target = victim(source.token(), kind, fd, wait, tally, Tracked{});
  if (stopper_first) spawn(std::move(stopper));
  spawn(std::move(target));
  if (!stopper_first) spawn(std::move(stopper));
}

// A cancelled recv_ready leaves its byte behind: take it back.
void drain(const Lane& lane) {
  char buf[16];
  while (recv(lane.ready.a.get(), buf, sizeof(buf), MSG_DONTWAIT) > 0) {
  }
}

Task<void> cancel_at_random(std::vector<Lane>& lanes, uint64_t iterations, Tally& tally) {
  std::mt19937 random(20240601);
  for (uint64_t begun = 0; begun < iterations && !tally.stuck;) {
    for (Lane& lane : lanes) {
      if (begun == iterations) break;
      start_iteration(lane, random, tally);
      ++begun;
    }
    tally.stuck = !co_await all_spawned_done();
    for (const Lane& lane : lanes) drain(lane);
  }
}

TEST_P(CancelTest, CancellationAtRandomPoints) {
  constexpr uint64_t kIterations = 100'000;
  constexpr size_t kLanes = 64;
  RuntimeConfig small = config();
  small.driver.entries = 16;  // some ops wait for SQ space when stopped
  Runtime runtime(small);
  std::vector<Lane> lanes(kLanes);
  for (Lane& lane : lanes) {
    lane.ready_fd = runtime.driver().attach(lane.ready.a.get()).value();
    lane.silent_fd = runtime.driver().attach(lane.silent.a.get()).value();
  }
  const LeakCheck frames;
  Tally tally;
  runtime.block_on(cancel_at_random(lanes, kIterations, tally));

  ASSERT_FALSE(tally.stuck) << "some awaited op never resumed";
  EXPECT_EQ(tally.started, kIterations);
  EXPECT_EQ(tally.resumed, tally.started) << "each awaited op resumes exactly once";
  EXPECT_EQ(tally.wrong, 0U);
  EXPECT_EQ(frames.leaked(), 0);
  EXPECT_EQ(runtime.live_tasks(), 0U);
  EXPECT_EQ(runtime.driver().in_flight(), 0U);
  // Every kind must have been seen both ways, or the mix tested too little.
  for (size_t k = 0; k < kKinds; ++k) {
    EXPECT_GT(tally.canceled[k], 0U) << "kind " << k;
    if (static_cast<Kind>(k) != Kind::recv_silent) {
      EXPECT_GT(tally.natural[k], 0U) << "kind " << k;
    }
  }
}

}  // namespace
}  // namespace cio::testing
