// SpscRing<T>: capacity rounding, the full and empty edges, publish
// visibility, wrap-around, drain (with a limit, with a throwing callback),
// exactly one construction and destruction per element, move-only
// elements, and a two-thread stress with a sequence check.
#include <cio/shard/spsc_ring.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <random>
#include <stdexcept>
#include <thread>
#include <vector>

namespace cio::shard {
namespace {

// No default constructor, so the ring must construct in place.
struct Counted {
  static inline int live = 0;
  static inline int constructed = 0;

  explicit Counted(int v) : value(v) { count(); }
  Counted(Counted&& other) noexcept : value(other.value) { count(); }
  Counted& operator=(Counted&&) = delete;
  ~Counted() { --live; }
  static void count() {
    ++live;
    ++constructed;
  }

  int value;
};

class SpscRingTest : public ::testing::Test {
 protected:
  void SetUp() override { Counted::live = Counted::constructed = 0; }
  void TearDown() override {
    EXPECT_EQ(Counted::live, 0) << "an element was leaked or destroyed twice";
  }
};

TEST_F(SpscRingTest, CapacityRoundsUpToAPowerOfTwo) {
  EXPECT_EQ(SpscRing<int>(1).capacity(), 1u);
  EXPECT_EQ(SpscRing<int>(3).capacity(), 4u);
  EXPECT_EQ(SpscRing<int>(64).capacity(), 64u);
  EXPECT_EQ(SpscRing<int>(1000).capacity(), 1024u);
  EXPECT_THROW(SpscRing<int>(0), std::invalid_argument);
  EXPECT_THROW(SpscRing<int>(SIZE_MAX), std::length_error);
}

TEST_F(SpscRingTest, FillsExactlyToCapacityAndPopFreesASlot) {
  SpscRing<int> ring(5);
  ASSERT_EQ(ring.capacity(), 8u);
  for (int i = 0; i < 8; ++i) ASSERT_TRUE(ring.try_emplace(i)) << i;
  EXPECT_FALSE(ring.try_emplace(8));
  EXPECT_EQ(ring.unpublished(), 8u);
  ring.publish();
  EXPECT_EQ(ring.try_pop(), 0);
  EXPECT_TRUE(ring.try_emplace(8)) << "in a ring of 8, try_pop frees its slot at once";
  EXPECT_FALSE(ring.try_emplace(9));
  ring.publish();
  for (int i = 1; i <= 8; ++i) EXPECT_EQ(ring.try_pop(), i);
  EXPECT_EQ(ring.try_pop(), std::nullopt);
  EXPECT_TRUE(ring.empty_for_consumer());
}

TEST_F(SpscRingTest, TryPopFreesSlotsAnEighthOfTheRingAtATime) {
  SpscRing<int> ring(64);
  for (int i = 0; i < 64; ++i) ASSERT_TRUE(ring.try_emplace(i)) << i;
  ring.publish();
  for (int i = 0; i < 7; ++i) ASSERT_EQ(ring.try_pop(), i);
  EXPECT_FALSE(ring.try_emplace(64)) << "7 popped slots are still held back";
  ASSERT_EQ(ring.try_pop(), 7);
  for (int i = 64; i < 72; ++i) EXPECT_TRUE(ring.try_emplace(i)) << "the 8th pop frees 8: " << i;
  EXPECT_FALSE(ring.try_emplace(72));
}

TEST_F(SpscRingTest, TryPopOnAnEmptyRingFreesWhatItHeldBack) {
  SpscRing<int> ring(64);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(ring.try_emplace(i));
  ring.publish();
  for (int i = 0; i < 3; ++i) ASSERT_EQ(ring.try_pop(), i);
  EXPECT_EQ(ring.try_pop(), std::nullopt);
  for (int i = 3; i < 67; ++i) EXPECT_TRUE(ring.try_emplace(i)) << "all 64 slots free: " << i;
  EXPECT_FALSE(ring.try_emplace(67));
}

TEST_F(SpscRingTest, TryPushSomeCopiesWhatFitsAcrossTheWrap) {
  SpscRing<int> ring(8);
  const std::vector<int> first{0, 1, 2, 3, 4, 5};
  ASSERT_EQ(ring.try_push_some(first), 6u);
  ring.publish();
  for (int i = 0; i < 6; ++i) ASSERT_EQ(ring.try_pop(), i);
  const std::vector<int> more{6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
  EXPECT_EQ(ring.try_push_some(more), 8u) << "8 free slots, 2 of them before the wrap";
  EXPECT_EQ(ring.try_push_some(more), 0u) << "full";
  ring.publish();
  std::vector<int> seen;
  EXPECT_EQ(ring.drain([&](int& v) { seen.push_back(v); }), 8u);
  EXPECT_EQ(seen, std::vector<int>(more.begin(), more.begin() + 8));
}

TEST_F(SpscRingTest, FailedPushLeavesTheValueIntact) {
  SpscRing<std::unique_ptr<int>> ring(1);
  ASSERT_TRUE(ring.try_push(std::make_unique<int>(1)));
  auto value = std::make_unique<int>(2);
  EXPECT_FALSE(ring.try_push(std::move(value)));
  ASSERT_NE(value, nullptr);
  EXPECT_EQ(*value, 2);
}

TEST_F(SpscRingTest, UnpublishedElementsAreInvisibleToTheConsumer) {
  SpscRing<int> ring(8);
  ASSERT_TRUE(ring.try_emplace(1));
  ASSERT_TRUE(ring.try_emplace(2));
  EXPECT_EQ(ring.unpublished(), 2u);
  EXPECT_TRUE(ring.empty_for_consumer());
  EXPECT_EQ(ring.try_pop(), std::nullopt);
  EXPECT_EQ(ring.drain([](int&) {}), 0u);

  ring.publish();
  EXPECT_EQ(ring.unpublished(), 0u);
  ASSERT_TRUE(ring.try_emplace(3));
  EXPECT_FALSE(ring.empty_for_consumer());
  std::vector<int> seen;
  EXPECT_EQ(ring.drain([&](int& v) { seen.push_back(v); }), 2u) << "3 is not published yet";
  EXPECT_EQ(seen, (std::vector<int>{1, 2}));
  EXPECT_TRUE(ring.empty_for_consumer());

  ring.publish();
  ring.publish();  // nothing new: no effect
  EXPECT_EQ(ring.try_pop(), 3);
  EXPECT_EQ(ring.try_pop(), std::nullopt);
}

TEST_F(SpscRingTest, WrapsAroundManyTimesInOrder) {
  SpscRing<uint64_t> ring(4);
  std::mt19937 random(1);
  uint64_t next_in = 0;
  uint64_t next_out = 0;
  for (int round = 0; round < 20'000; ++round) {
    const size_t batch = 1 + random() % ring.capacity();
    for (size_t i = 0; i < batch; ++i) ASSERT_TRUE(ring.try_emplace(next_in++));
    ring.publish();
    if (round % 2 == 0) {
      while (auto value = ring.try_pop()) ASSERT_EQ(*value, next_out++);
    } else {
      ring.drain([&](uint64_t& value) { ASSERT_EQ(value, next_out++); });
    }
  }
  EXPECT_EQ(next_out, next_in);
  EXPECT_GT(next_in / ring.capacity(), 10'000u) << "the indices should have wrapped many times";
}

TEST_F(SpscRingTest, DrainStopsAtMaxAndFreesTheSlots) {
  SpscRing<int> ring(8);
  for (int i = 0; i < 8; ++i) ASSERT_TRUE(ring.try_emplace(i));
  ring.publish();
  std::vector<int> seen;
  EXPECT_EQ(ring.drain([&](int& v) { seen.push_back(v); }, 3), 3u);
  EXPECT_EQ(seen, (std::vector<int>{0, 1, 2}));
  for (int i = 8; i < 11; ++i) EXPECT_TRUE(ring.try_emplace(i)) << "slot of a drained element";
  EXPECT_FALSE(ring.try_emplace(11));
  ring.publish();
  EXPECT_EQ(ring.drain([&](int& v) { seen.push_back(v); }), 8u);
  EXPECT_EQ(seen.back(), 10);
  EXPECT_EQ(ring.drain([&](int&) {}, 0), 0u);
}

TEST_F(SpscRingTest, DrainWithAThrowingCallbackConsumesUpToTheThrow) {
  {
    SpscRing<Counted> ring(4);
    for (int i = 0; i < 4; ++i) ASSERT_TRUE(ring.try_emplace(i));
    ring.publish();
    int calls = 0;
    const auto throw_on_one = [&](Counted& c) {
      ++calls;
      if (c.value == 1) throw std::runtime_error("callback failed");
    };
    EXPECT_THROW(ring.drain(throw_on_one), std::runtime_error);
    EXPECT_EQ(calls, 2);
    EXPECT_EQ(Counted::live, 2) << "elements 0 and 1 are destroyed, 2 and 3 remain";
    EXPECT_TRUE(ring.try_emplace(4)) << "the thrown-on slot is freed";
    EXPECT_TRUE(ring.try_emplace(5));
    EXPECT_FALSE(ring.try_emplace(6));
    ring.publish();
    std::vector<int> rest;
    EXPECT_EQ(ring.drain([&](Counted& c) { rest.push_back(c.value); }), 4u);
    EXPECT_EQ(rest, (std::vector<int>{2, 3, 4, 5}));
  }
  EXPECT_EQ(Counted::constructed, 6) << "emplace constructs in place, no moves";
}

// An element whose move throws is still consumed: destroyed and its slot freed.
TEST_F(SpscRingTest, TryPopDestroysAnElementWhoseMoveThrows) {
  struct Fragile : Counted {
    using Counted::Counted;
    Fragile(Fragile&& other) : Counted(other.value) {
      if (value == 0) throw std::runtime_error("move failed");
    }
  };
  {
    SpscRing<Fragile> ring(2);
    ASSERT_TRUE(ring.try_emplace(0));
    ASSERT_TRUE(ring.try_emplace(1));
    ring.publish();
    EXPECT_THROW(static_cast<void>(ring.try_pop()), std::runtime_error);
    EXPECT_EQ(Counted::live, 1);
    EXPECT_TRUE(ring.try_emplace(2)) << "the slot was freed";
    ring.publish();
    const auto next = ring.try_pop();
    ASSERT_TRUE(next.has_value());
    EXPECT_EQ(next->value, 1);
  }
}

TEST_F(SpscRingTest, EachElementConstructedAndDestroyedOnce) {
  {
    SpscRing<Counted> ring(8);
    for (int i = 0; i < 6; ++i) ASSERT_TRUE(ring.try_emplace(i));
    EXPECT_EQ(Counted::constructed, 6);
    ring.publish();
    {
      const std::optional<Counted> popped = ring.try_pop();
      ASSERT_TRUE(popped.has_value());
      EXPECT_EQ(popped->value, 0);
      EXPECT_EQ(Counted::constructed, 7) << "one move out of the slot";
      EXPECT_EQ(Counted::live, 6) << "the slot's element is destroyed by try_pop";
    }
    EXPECT_EQ(ring.drain([](Counted&) {}, 2), 2u);
    EXPECT_EQ(Counted::live, 3);
    ASSERT_TRUE(ring.try_emplace(6));  // left unpublished
    EXPECT_EQ(Counted::live, 4);
  }
  EXPECT_EQ(Counted::constructed, 8);
  // TearDown checks live == 0: the ring destroyed the published and unpublished rest.
}

TEST_F(SpscRingTest, MoveOnlyElements) {
  SpscRing<std::unique_ptr<int>> ring(2);
  ASSERT_TRUE(ring.try_push(std::make_unique<int>(7)));
  ASSERT_TRUE(ring.try_emplace(new int(8)));
  ring.publish();
  const auto first = ring.try_pop();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(**first, 7);
  int drained = 0;
  EXPECT_EQ(ring.drain([&](std::unique_ptr<int>& p) { drained = *p; }), 1u);
  EXPECT_EQ(drained, 8);
}

// The producer publishes in random batches; the consumer mixes try_pop and
// drain with random limits and checks that every value arrives in order.
TEST_F(SpscRingTest, TwoThreadsPassEveryValueInOrder) {
  constexpr uint64_t kCount = 2'000'000;
  SpscRing<uint64_t> ring(64);
  std::thread producer([&] {
    std::mt19937 random(2);
    uint64_t next = 0;
    while (next < kCount) {
      const uint64_t batch = std::min<uint64_t>(1 + random() % 100, kCount - next);
      for (uint64_t i = 0; i < batch; ++i) {
        while (!ring.try_emplace(next)) {
          ring.publish();  // the consumer can only free what it can see
          std::this_thread::yield();
        }
        ++next;
      }
      ring.publish();
    }
  });
  std::mt19937 random(3);
  uint64_t expected = 0;
  uint64_t mismatches = 0;
  while (expected < kCount) {
    size_t got = 0;
    if (random() % 2 == 0) {
      if (const auto value = ring.try_pop()) {
        mismatches += *value != expected++;
        got = 1;
      }
    } else {
      got = ring.drain([&](uint64_t& value) { mismatches += value != expected++; },
                       1 + random() % 80);
    }
    if (got == 0) std::this_thread::yield();
  }
  producer.join();
  EXPECT_EQ(mismatches, 0u);
  EXPECT_TRUE(ring.empty_for_consumer());
  EXPECT_EQ(ring.unpublished(), 0u);
}

}  // namespace
}  // namespace cio::shard
