// spawn: detached tasks run, an escaped exception is logged without taking
// the runtime down, live_tasks() counts them; and a bounded batch of ready
// tasks per loop turn keeps busy tasks from starving IO.
#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <string>

#include <cio/core/op_awaitable.hpp>
#include <cio/core/runtime.hpp>

#include "runtime_fixture.hpp"
#include "runtime_test_util.hpp"

namespace cio::testing {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

class SpawnTest : public RuntimeTest {};
CIO_RUNTIME_TEST_SUITE(SpawnTest);

Task<void> count_after_yield(int& counter) {
  co_await yield();
  ++counter;
}

Task<void> throw_runtime_error() {
  co_await yield();
  throw std::runtime_error("spawned boom");
}

Task<void> throw_int() {
  throw 7;
  co_return;
}

// Yields until `release` is set (or it gave up after many turns).
Task<void> wait_for(const bool& release) {
  for (int i = 0; i < 10'000 && !release; ++i) co_await yield();
}

TEST_P(SpawnTest, DetachedTasksRun) {
  Runtime runtime = make_runtime();
  int counter = 0;
  runtime.spawn(count_after_yield(counter));  // before the loop runs
  const bool drained = runtime.block_on([&]() -> Task<bool> {
    for (int i = 0; i < 99; ++i) spawn(count_after_yield(counter));
    co_return co_await all_spawned_done();
  }());
  EXPECT_TRUE(drained);
  EXPECT_EQ(counter, 100);
}

TEST_P(SpawnTest, EscapedExceptionIsLoggedAndRuntimeSurvives) {
  Runtime runtime = make_runtime();
  int counter = 0;
  ::testing::internal::CaptureStderr();
  const bool drained = runtime.block_on([&]() -> Task<bool> {
    spawn(throw_runtime_error());
    spawn(throw_int());
    spawn(count_after_yield(counter));
    co_return co_await all_spawned_done();
  }());
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_TRUE(drained);
  EXPECT_EQ(counter, 1);
  EXPECT_NE(log.find("spawned task failed: spawned boom"), std::string::npos) << log;
  EXPECT_NE(log.find("non-standard exception"), std::string::npos) << log;
  const Result<uint32_t> after =
      runtime.block_on([]() -> Task<Result<uint32_t>> { co_return co_await OpAwaitable<Nop>(); }());
  EXPECT_TRUE(after.has_value()) << after.describe();
}

TEST_P(SpawnTest, LiveTasksCountsUnfinishedSpawns) {
  Runtime runtime = make_runtime();
  bool release = false;
  EXPECT_EQ(runtime.live_tasks(), 0U);
  runtime.block_on([&]() -> Task<void> {
    EXPECT_EQ(runtime.live_tasks(), 0U) << "block_on's own task is not a spawned one";
    for (int i = 0; i < 3; ++i) spawn(wait_for(release));
    EXPECT_EQ(runtime.live_tasks(), 3U);
    co_await yield();
    EXPECT_EQ(runtime.live_tasks(), 3U);
    release = true;
    const bool drained = co_await all_spawned_done();
    EXPECT_TRUE(drained);
  }());
  EXPECT_EQ(runtime.live_tasks(), 0U);
}

struct Spinning {
  bool stop = false;
  uint64_t turns = 0;
  Clock::time_point give_up;
};

// Spins until told to stop; gives up after a while so that a starved loop
// fails the test instead of hanging it.
Task<void> spin_on_nops(Spinning& state) {
  while (!state.stop && Clock::now() < state.give_up) {
    co_await yield();
    ++state.turns;
  }
}

Task<void> spin_on_ready_queue(Spinning& state) {
  while (!state.stop && Clock::now() < state.give_up) {
    co_await Reschedule{};
    ++state.turns;
  }
}

TEST_P(SpawnTest, BusyTasksDoNotStarveIo) {
  constexpr int kSpinners = 1000;
  Runtime runtime = make_runtime();
  Spinning state{.give_up = Clock::now() + 5s};
  Clock::duration waited{};
  Result<uint32_t> slept = std::errc::invalid_argument;
  runtime.block_on([&]() -> Task<void> {
    for (int i = 0; i < kSpinners / 2; ++i) {
      spawn(spin_on_nops(state));
      spawn(spin_on_ready_queue(state));
    }
    co_await yield();
    const Clock::time_point start = Clock::now();
    slept = co_await OpAwaitable<Timeout>(10ms);
    waited = Clock::now() - start;
    state.stop = true;
    const bool drained = co_await all_spawned_done();
    EXPECT_TRUE(drained);
  }());
  EXPECT_TRUE(slept.has_value()) << slept.describe();
  EXPECT_GE(waited, 9ms);
  EXPECT_LT(waited, 2s) << "the timeout's completion waited behind the spinning tasks";
  EXPECT_GT(state.turns, uint64_t{kSpinners}) << "the spinners did not run meanwhile";
}

}  // namespace
}  // namespace cio::testing
