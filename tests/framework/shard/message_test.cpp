// Message: inline vs heap storage, no allocation for small callables (this
// binary links the allocation counter, which replaces the global operator
// new, so it is kept apart), exact callable lifetimes through moves into and
// out of an SpscRing<Message>, and exceptions from the callable propagating.
#include <cio/shard/message.hpp>

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <optional>
#include <stdexcept>

#include <cio/shard/spsc_ring.hpp>
#include <cio/testing/alloc_count.hpp>

namespace cio::shard {
namespace {

template <typename F>
uint64_t allocations_during(F&& f) {
  const alloc_count::Counter counter;
  f();
  return counter.count();
}

struct Calls {
  int constructed = 0;
  int destroyed = 0;
  int invoked = 0;
};

// A callable of sizeof Bytes + 8 that counts its lifetime.
template <size_t Bytes>
struct CountedCall {
  explicit CountedCall(Calls& c) : calls(&c) { ++calls->constructed; }
  CountedCall(CountedCall&& other) noexcept : calls(other.calls), throws(other.throws) {
    ++calls->constructed;
  }
  ~CountedCall() { ++calls->destroyed; }
  void operator()() {
    ++calls->invoked;
    if (throws) throw std::runtime_error("callable failed");
  }

  Calls* calls;
  bool throws = false;
  std::array<char, Bytes - sizeof(bool)> pad{};
};
using Small = CountedCall<16>;
using Big = CountedCall<Message::inline_capacity>;

template <size_t N>
struct Sized {
  void operator()() {}
  std::array<char, N> bytes{};
};
struct alignas(32) OverAligned {
  void operator()() { *aligned = reinterpret_cast<uintptr_t>(this) % 32 == 0; }
  bool* aligned;
};
struct ThrowingMove {
  ThrowingMove() = default;
  ThrowingMove(ThrowingMove&&) noexcept(false) {}
  void operator()() {}
};

TEST(MessageTest, IsOneCacheLineAndPicksInlineOrHeap) {
  EXPECT_EQ(sizeof(Message), 64u);
  EXPECT_EQ(Message::inline_capacity, 56u);
  EXPECT_TRUE(Message::fits_inline<Sized<56>>());
  EXPECT_FALSE(Message::fits_inline<Sized<57>>());
  EXPECT_TRUE(Message::fits_inline<void (*)()>());
  EXPECT_TRUE(Message::fits_inline<Small>());
  EXPECT_FALSE(Message::fits_inline<Big>());
  EXPECT_FALSE(Message::fits_inline<OverAligned>());
  EXPECT_FALSE(Message::fits_inline<ThrowingMove>());
}

TEST(MessageTest, SmallCallablesNeverAllocate) {
  if (!alloc_count::kCountsNew) GTEST_SKIP() << "allocations cannot be counted under TSan";
  SpscRing<Message> ring(8);
  int sum = 0;
  const std::array<int, 10> values{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};  // 48 bytes with &sum
  const uint64_t heap_before = Message::heap_allocations();
  const uint64_t allocations = allocations_during([&] {
    Message by_ref([&sum] { sum += 1; });
    ASSERT_TRUE(ring.try_push(std::move(by_ref)));
    ASSERT_TRUE(ring.try_emplace([&sum, values] {
      for (int v : values) sum += v;
    }));
    ring.publish();
    std::optional<Message> first = ring.try_pop();
    (*first)();
    ring.drain([](Message& m) { m(); });
  });
  EXPECT_EQ(allocations, 0u);
  EXPECT_EQ(Message::heap_allocations(), heap_before);
  EXPECT_EQ(sum, 1 + 55);
}

TEST(MessageTest, BigOverAlignedAndThrowingMoveCallablesGoToTheHeap) {
  if (!alloc_count::kCountsNew) GTEST_SKIP() << "allocations cannot be counted under TSan";
  const uint64_t heap_before = Message::heap_allocations();
  Calls calls;
  std::optional<Message> big;
  EXPECT_EQ(allocations_during([&] { big.emplace(Big(calls)); }), 1u);
  EXPECT_EQ(Message::heap_allocations(), heap_before + 1);
  EXPECT_EQ(allocations_during([&] { Message moved(std::move(*big)); }), 0u);
  EXPECT_EQ(calls.constructed, calls.destroyed) << "moved to the heap once, freed with the Message";

  bool aligned = false;
  Message over_aligned{OverAligned{&aligned}};
  Message throwing_move{ThrowingMove{}};
  EXPECT_EQ(Message::heap_allocations(), heap_before + 3);
  over_aligned();
  EXPECT_TRUE(aligned) << "the heap copy keeps its alignment";
  throwing_move();
  Message small{Sized<56>{}};
  EXPECT_EQ(Message::heap_allocations(), heap_before + 3) << "small callables do not count";
}

// Every move of an inline Message moves the callable once (a construction
// and a destruction); the ring adds no copies of its own.
TEST(MessageTest, InlineCallableLifetimeThroughARing) {
  Calls calls;
  {
    SpscRing<Message> ring(4);
    Message message{Small(calls)};
    EXPECT_EQ(calls.constructed, 2);  // the temporary, moved into the Message
    EXPECT_EQ(calls.destroyed, 1);
    ASSERT_TRUE(ring.try_push(std::move(message)));
    EXPECT_FALSE(message);
    EXPECT_EQ(calls.constructed, 3);
    EXPECT_EQ(calls.destroyed, 2);
    ASSERT_TRUE(ring.try_emplace(Small(calls)));
    ASSERT_TRUE(ring.try_emplace(Small(calls)));
    EXPECT_EQ(calls.constructed, 7);
    ring.publish();

    std::optional<Message> popped = ring.try_pop();
    ASSERT_TRUE(popped && *popped);
    EXPECT_EQ(calls.constructed - calls.destroyed, 3) << "try_pop moves out and destroys the slot";
    (*popped)();
    EXPECT_EQ(ring.drain([](Message& m) { m(); }, 1), 1u);
    EXPECT_EQ(calls.constructed - calls.destroyed, 2) << "drain destroys after calling";
    EXPECT_EQ(calls.invoked, 2);
  }
  EXPECT_EQ(calls.constructed, 8);
  EXPECT_EQ(calls.destroyed, 8) << "including the one left in the ring";
}

// A heap Message moves its pointer: the callable itself never moves again.
TEST(MessageTest, HeapCallableLifetimeThroughARing) {
  Calls calls;
  {
    SpscRing<Message> ring(4);
    ASSERT_TRUE(ring.try_emplace(Big(calls)));
    ASSERT_TRUE(ring.try_emplace(Big(calls)));
    ring.publish();
    EXPECT_EQ(calls.constructed, 4);
    std::optional<Message> popped = ring.try_pop();
    Message moved(std::move(*popped));
    moved();
    EXPECT_EQ(calls.constructed, 4);
    EXPECT_EQ(calls.destroyed, 2);
  }
  EXPECT_EQ(calls.destroyed, 4);
  EXPECT_EQ(calls.invoked, 1);
}

TEST(MessageTest, MoveAssignmentDestroysTheOldCallable) {
  Calls a;
  Calls b;
  Message target{Small(b)};
  Message source{Small(a)};
  target = std::move(source);
  EXPECT_EQ(b.constructed, b.destroyed);
  EXPECT_FALSE(source);
  target();
  EXPECT_EQ(a.invoked, 1);
  EXPECT_EQ(b.invoked, 0);
  EXPECT_FALSE(Message());
}

TEST(MessageTest, StateSurvivesRepeatedCalls) {
  int last = 0;
  Message counter([&last, n = 0]() mutable { last = ++n; });
  counter();
  counter();
  counter();
  EXPECT_EQ(last, 3);
}

TEST(MessageTest, ExceptionsPropagateAndTheMessageSurvives) {
  Message failing([] { throw std::runtime_error("boom"); });
  EXPECT_THROW(failing(), std::runtime_error);
  EXPECT_TRUE(failing);
  EXPECT_THROW(failing(), std::runtime_error);

  Calls small_calls;
  Calls big_calls;
  {
    SpscRing<Message> ring(4);
    Small small(small_calls);
    small.throws = true;
    Big big(big_calls);
    big.throws = true;
    ASSERT_TRUE(ring.try_emplace(std::move(small)));
    ASSERT_TRUE(ring.try_emplace(std::move(big)));
    ring.publish();
    EXPECT_THROW(ring.drain([](Message& m) { m(); }), std::runtime_error);
    EXPECT_EQ(small_calls.constructed - small_calls.destroyed, 1) << "only the local remains";
    EXPECT_THROW(ring.drain([](Message& m) { m(); }), std::runtime_error);
    EXPECT_EQ(big_calls.constructed - big_calls.destroyed, 1);
    EXPECT_TRUE(ring.empty_for_consumer());
  }
  EXPECT_EQ(small_calls.constructed, small_calls.destroyed);
  EXPECT_EQ(big_calls.constructed, big_calls.destroyed);
}

}  // namespace
}  // namespace cio::shard
