// yield(): the ready tasks run before the yielding one resumes, the driver
// is polled before it does (so a task that keeps yielding does not hold up
// IO, and the loop never blocks while it does), and a task yielding at
// shutdown is freed, not resumed.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include <cio/core/runtime.hpp>
#include <cio/core/yield.hpp>
#include <cio/time/sleep.hpp>

#include "runtime_fixture.hpp"

namespace cio::testing {
namespace {

using namespace std::chrono_literals;

class YieldTest : public RuntimeTest {};
CIO_RUNTIME_TEST_SUITE(YieldTest);

Task<void> append_after_yield(std::string& trace, char mark) {
  trace += mark;
  co_await cio::yield();
  trace += static_cast<char>(mark - 'a' + 'A');
}

TEST_P(YieldTest, ReadyTasksRunBeforeTheYieldingOneResumes) {
  std::string trace;
  run([&]() -> Task<void> {
    spawn(append_after_yield(trace, 'b'));
    spawn(append_after_yield(trace, 'c'));
    trace += 'a';
    co_await cio::yield();
    trace += 'A';
    co_await cio::yield();
    co_await cio::yield();
  }());
  EXPECT_EQ(trace, "abcABC");
}

// Even when nothing else is ready: the yield is not a plain re-queue.
TEST_P(YieldTest, EveryYieldWaitsForADriverPoll) {
  Runtime runtime = make_runtime();
  runtime.block_on([&]() -> Task<void> {
    for (int i = 0; i < 3; ++i) {
      const uint64_t turns = runtime.stats().loop_turns;
      co_await cio::yield();
      EXPECT_GT(runtime.stats().loop_turns, turns) << "yield " << i;
    }
  }());
}

Task<void> set_after_sleep(bool& woke) {
  Result<void> slept = co_await time::sleep(2ms);
  woke = slept.has_value();
}

// The ready batch is made larger than the loop's bound: were yields not
// made to wait for a poll, the whole loop would run in one batch, without
// the sleep ever being reaped.
TEST_P(YieldTest, AYieldingLoopLetsIoComplete) {
  constexpr long kMostYields = 1'000'000;
  RuntimeConfig config = this->config();
  config.task_batch = 10 * kMostYields;
  Runtime runtime(config);
  bool woke = false;
  const uint64_t sleeps_before = runtime.stats().sleeps;
  const long yields = runtime.block_on([&]() -> Task<long> {
    spawn(set_after_sleep(woke));
    long count = 0;
    while (!woke && count < kMostYields) {
      co_await cio::yield();
      ++count;
    }
    co_return count;
  }());
  EXPECT_TRUE(woke);
  EXPECT_GT(yields, 0);
  EXPECT_LT(yields, kMostYields);
  EXPECT_EQ(runtime.stats().sleeps, sleeps_before) << "the loop blocked while a task was yielding";
}

Task<void> yield_forever(bool& freed) {
  struct SetOnDestruction {
    bool& flag;
    ~SetOnDestruction() { flag = true; }
  } guard{freed};
  for (;;) co_await cio::yield();
}

TEST_P(YieldTest, ATaskYieldingAtShutdownIsFreed) {
  bool freed = false;
  const auto started = std::chrono::steady_clock::now();
  {
    Runtime runtime = make_runtime();
    runtime.block_on([&]() -> Task<void> {
      spawn(yield_forever(freed));
      co_await cio::yield();
    }());
    EXPECT_EQ(runtime.live_tasks(), 1u);
  }
  EXPECT_TRUE(freed);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1s) << "shutdown waited for the task";
}

}  // namespace
}  // namespace cio::testing
