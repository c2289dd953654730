// The runtime's hot paths and the heap: an awaited op allocates nothing
// (the op and its completion record live in the awaiting frame), and a
// spawned task costs one allocation, its frame. This binary replaces the
// global operator new to count, so it is kept apart from runtime_test.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <new>

#include <cio/op_awaitable.hpp>
#include <cio/runtime.hpp>
#include <cio/stop.hpp>

#include "runtime_fixture.hpp"
#include "runtime_test_util.hpp"

namespace {

// Single-threaded tests: a plain counter is enough.
bool g_counting = false;
uint64_t g_allocations = 0;

void* allocate(size_t size, size_t alignment) {
  if (g_counting) ++g_allocations;
  const size_t rounded = (size + alignment - 1) / alignment * alignment;
  void* ptr = alignment <= alignof(std::max_align_t) ? std::malloc(size == 0 ? 1 : size)
                                                     : std::aligned_alloc(alignment, rounded);
  if (ptr == nullptr) throw std::bad_alloc();
  return ptr;
}

// Out of line: inlined into a delete-expression, a bare free() reads to GCC
// as freeing memory from operator new (-Wmismatched-new-delete), although
// here operator new is malloc.
[[gnu::noinline]] void release(void* ptr) noexcept { std::free(ptr); }

}  // namespace

// The array and nothrow forms of the standard library call these.
void* operator new(size_t size) { return allocate(size, alignof(std::max_align_t)); }
void* operator new(size_t size, std::align_val_t align) {
  return allocate(size, static_cast<size_t>(align));
}
void operator delete(void* ptr) noexcept { release(ptr); }
void operator delete(void* ptr, size_t) noexcept { release(ptr); }
void operator delete(void* ptr, std::align_val_t) noexcept { release(ptr); }
void operator delete(void* ptr, size_t, std::align_val_t) noexcept { release(ptr); }

namespace cio::testing {
namespace {

// Counts the allocations made while it lives.
class CountAllocations {
 public:
  CountAllocations() noexcept {
    g_allocations = 0;
    g_counting = true;
  }
  ~CountAllocations() { g_counting = false; }
  uint64_t stop() noexcept {
    g_counting = false;
    return g_allocations;
  }
};

class AllocTest : public RuntimeTest {};
CIO_RUNTIME_TEST_SUITE(AllocTest);

TEST(AllocationCounterTest, CountsOperatorNew) {
  CountAllocations counter;
  auto* boxed = new int(7);
  const uint64_t counted = counter.stop();
  delete boxed;
  EXPECT_EQ(counted, 1U) << "the counting operator new is not in use";
}

constexpr uint32_t kWarmUp = 1'000;
constexpr uint32_t kAwaited = 100'000;

// Awaits `count` Nops (with a stop token that is never stopped if `token`
// can stop), then returns how many allocations the measured part made.
Task<uint64_t> count_awaited_nops(StopToken token) {
  for (uint32_t i = 0; i < kWarmUp; ++i) co_await OpAwaitable<Nop>(token);
  CountAllocations counter;
  uint32_t ok = 0;
  for (uint32_t i = 0; i < kAwaited; ++i) {
    const Result<uint32_t> result = co_await OpAwaitable<Nop>(token);
    ok += result.has_value() ? 1 : 0;
  }
  const uint64_t allocations = counter.stop();
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

constexpr uint32_t kSpawned = 10'000;

// Spawns kSpawned trivial tasks and waits (yielding on Nops, which allocate
// nothing) until they finished.
Task<void> spawn_round(uint32_t& finished) {
  for (uint32_t i = 0; i < kSpawned; ++i) spawn(trivial(finished));
  while (Runtime::current().live_tasks() > 0) co_await OpAwaitable<Nop>();
}

// The first round grows the ready queue to hold kSpawned handles; the
// second one must cost exactly its frames.
Task<uint64_t> count_spawn_allocations(uint32_t& finished) {
  co_await spawn_round(finished);
  CountAllocations counter;
  co_await spawn_round(finished);
  co_return counter.stop();
}

TEST_P(AllocTest, SpawnAllocatesOnlyTheFrame) {
  uint32_t finished = 0;
  const uint64_t allocations = run(count_spawn_allocations(finished));
  EXPECT_EQ(finished, 2 * kSpawned);
  // One frame per task, plus spawn_round's own frame.
  EXPECT_LE(allocations, uint64_t{kSpawned} + 1);
  EXPECT_GE(allocations, uint64_t{kSpawned}) << "frames not counted: is operator new replaced?";
}

}  // namespace
}  // namespace cio::testing
