// The runtime's hot paths and the heap: an awaited op allocates nothing
// (the op and its completion record live in the awaiting frame), and a
// spawned task costs at most one allocation, its frame, which the frame
// pool reuses once the task is done. This binary links the allocation
// counter (it replaces the global allocation functions), so it is kept
// apart from runtime_test.
#include <gtest/gtest.h>

#include <array>
#include <cstddef>
#include <cstdint>

#include <cio/core/op_awaitable.hpp>
#include <cio/core/runtime.hpp>
#include <cio/core/stop.hpp>
#include <cio/detail/frame_pool.hpp>
#include <cio/testing/alloc_count.hpp>

#include "runtime_fixture.hpp"
#include "runtime_test_util.hpp"

namespace cio::testing {
namespace {

class AllocTest : public RuntimeTest {};
CIO_RUNTIME_TEST_SUITE(AllocTest);

TEST(AllocationCounterTest, CountsOperatorNew) {
  const alloc_count::Counter counter;
  ::operator delete(::operator new(16));  // a call, not a new-expression: never elided
  EXPECT_EQ(counter.count(), 1U) << "the counting operator new is not in use";
}

constexpr uint32_t kWarmUp = 1'000;
constexpr uint32_t kAwaited = 100'000;

// Awaits `count` Nops (with a stop token that is never stopped if `token`
// can stop), then returns how many allocations the measured part made.
Task<uint64_t> count_awaited_nops(StopToken token) {
  for (uint32_t i = 0; i < kWarmUp; ++i) static_cast<void>(co_await OpAwaitable<Nop>(token));
  const alloc_count::Counter counter;
  uint32_t ok = 0;
  for (uint32_t i = 0; i < kAwaited; ++i) {
    const Result<uint32_t> result = co_await OpAwaitable<Nop>(token);
    ok += result.has_value() ? 1 : 0;
  }
  const uint64_t allocations = counter.count();
  EXPECT_EQ(ok, kAwaited);
  co_return allocations;
}

TEST_P(AllocTest, AwaitedOpsAllocateNothing) {
  EXPECT_EQ(run(count_awaited_nops(StopToken())), 0U);
}

TEST_P(AllocTest, CancellableAwaitedOpsAllocateNothing) {
  const StopSource source;
  EXPECT_EQ(run(count_awaited_nops(source.token())), 0U);
}

Task<void> trivial(uint32_t& finished) {
  ++finished;
  co_return;
}

// Spawns `count` trivial tasks and waits (yielding on Nops, which allocate
// nothing) until they finished.
Task<void> spawn_round(uint32_t count, uint32_t& finished) {
  for (uint32_t i = 0; i < count; ++i) spawn(trivial(finished));
  while (Runtime::current().live_tasks() > 0) static_cast<void>(co_await OpAwaitable<Nop>());
}

// Allocations made by each of two rounds of `count` spawns, after the
// calling thread's frame pool was emptied. The first round also grows the
// ready queue to hold `count` handles.
struct TwoRounds {
  uint64_t first = 0;
  uint64_t second = 0;
};

Task<TwoRounds> count_spawn_rounds(uint32_t count, uint32_t& finished) {
  detail::trim_frame_pool();
  TwoRounds rounds;
  const alloc_count::Counter first;
  co_await spawn_round(count, finished);
  rounds.first = first.count();
  const alloc_count::Counter second;
  co_await spawn_round(count, finished);
  rounds.second = second.count();
  co_return rounds;
}

// More tasks at once than the pool caches: each still costs at most its frame.
TEST_P(AllocTest, SpawnAllocatesAtMostTheFrame) {
  constexpr uint32_t kSpawned = 10'000;
  uint32_t finished = 0;
  const TwoRounds rounds = run(count_spawn_rounds(kSpawned, finished));
  EXPECT_EQ(finished, 2 * kSpawned);
  // One frame per task, plus spawn_round's own frame.
  EXPECT_LE(rounds.second, uint64_t{kSpawned} + 1);
  EXPECT_GE(rounds.first, uint64_t{kSpawned}) << "frames not counted: is operator new replaced?";
}

// A wave that fits in the pool: the first allocates every frame, the second
// reuses them all.
TEST_P(AllocTest, FramePoolReusesFramesOfFinishedTasks) {
  constexpr uint32_t kWave = 100;
  uint32_t finished = 0;
  const TwoRounds rounds = run(count_spawn_rounds(kWave, finished));
  EXPECT_EQ(finished, 2 * kWave);
  EXPECT_GE(rounds.first, uint64_t{kWave}) << "a pooled frame is allocated the first time";
  if (detail::kFramePoolEnabled) {
    EXPECT_EQ(rounds.second, 0U);
  } else {
    EXPECT_GE(rounds.second, uint64_t{kWave}) << "the pool is bypassed in this build";
  }
}

// A nested Task whose frame is a few KiB (its locals live across a
// suspension, like a send loop holding its ops): awaited over and over, it
// reuses the pooled frame of the previous call.
Task<uint32_t> large_frame_step(uint32_t seed) {
  std::array<uint32_t, 512> scratch{};
  scratch[seed % scratch.size()] = seed;
  static_cast<void>(co_await OpAwaitable<Nop>());
  co_return scratch[seed % scratch.size()];
}

Task<uint64_t> count_large_frame_steps() {
  detail::trim_frame_pool();
  co_await large_frame_step(0);
  const alloc_count::Counter counter;
  uint32_t sum = 0;
  for (uint32_t i = 0; i < kWarmUp; ++i) sum += co_await large_frame_step(i);
  EXPECT_EQ(sum, kWarmUp * (kWarmUp - 1) / 2);
  co_return counter.count();
}

TEST_P(AllocTest, NestedTasksWithLargeFramesReuseThem) {
  const uint64_t allocations = run(count_large_frame_steps());
  if (detail::kFramePoolEnabled) {
    EXPECT_EQ(allocations, 0U);
  } else {
    EXPECT_GE(allocations, uint64_t{kWarmUp}) << "the pool is bypassed in this build";
  }
}

}  // namespace
}  // namespace cio::testing
