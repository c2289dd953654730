// Queue limits: a full submission queue, the caller's OpQueue fed in batches,
// and completion bursts bigger than the caller's span (or the kernel's CQ).
#include <array>
#include <vector>

#include "driver_test_util.hpp"

namespace cio::test {
namespace {

class QueueTest : public DriverTest {};
CIO_INSTANTIATE_BACKENDS(QueueTest);

// Counts entries by user_data (base + index); anything else is a failure.
class Tally {
 public:
  Tally(uint64_t base, size_t count) : base_(base), seen_(count, 0) {}
  void add(const Entry& entry) {
    EXPECT_GE(entry.user_data, base_);
    EXPECT_LT(entry.user_data, base_ + seen_.size());
    EXPECT_EQ(entry.result, 0) << result_text(entry.result);
    if (entry.user_data >= base_ && entry.user_data < base_ + seen_.size()) {
      ++seen_[entry.user_data - base_];
      ++total_;
    }
  }
  size_t total() const { return total_; }
  void expect_each_once() const {
    for (size_t i = 0; i < seen_.size(); ++i) {
      EXPECT_EQ(seen_[i], 1) << "op " << i << " delivered " << seen_[i] << " times";
    }
  }

 private:
  uint64_t base_;
  std::vector<int> seen_;
  size_t total_ = 0;
};

TEST_P(QueueTest, TryPushFailsWhenTheSubmissionQueueIsFull) {
  CIO_DRIVER_OR_SKIP(small, config(8));
  const size_t capacity = small->capacity_left();
  ASSERT_GT(capacity, 0U);
  ASSERT_LE(capacity, 8U);
  std::array<Nop, 8> nops;
  for (size_t i = 0; i < capacity; ++i) {
    ASSERT_TRUE(small->try_push(nops[i], i)) << "push " << i << " of " << capacity;
    EXPECT_EQ(small->capacity_left(), capacity - i - 1);
  }
  Nop extra;
  EXPECT_FALSE(small->try_push(extra, 99));
  EXPECT_EQ(extra.state(), OpState::idle) << "a refused op must be left untouched";
  EXPECT_EQ(small->in_flight(), capacity);

  Tally tally(0, capacity);
  for (const Entry& entry : run_until(*small, capacity)) tally.add(entry);
  tally.expect_each_once();
  EXPECT_GE(small->capacity_left(), capacity) << "a submit frees the submission queue";
  ASSERT_TRUE(small->try_push(extra, 99));
  EXPECT_EQ(run_until(*small, 1).size(), 1U);
  EXPECT_EQ(small->in_flight(), 0U);
}

TEST_P(QueueTest, PushQueueFeedsEightyNopsThroughEightSlots) {
  CIO_DRIVER_OR_SKIP(small, config(8));
  constexpr size_t kOps = 80;
  constexpr uint64_t kBase = 1000;
  std::array<Nop, kOps> nops;
  OpQueue queue;
  for (size_t i = 0; i < kOps; ++i) queue.push(nops[i], kBase + i);
  ASSERT_EQ(queue.size(), kOps);

  Tally tally(kBase, kOps);
  size_t pushed_total = 0;
  size_t batches = 0;
  std::array<Entry, 16> out{};
  const auto deadline = Clock::now() + kWait;
  while (tally.total() < kOps && Clock::now() < deadline) {
    const size_t pushed = small->push_queue(queue);
    EXPECT_LE(pushed, 8U);
    pushed_total += pushed;
    batches += pushed > 0 ? 1 : 0;
    auto copied = small->submit(10ms, out);
    ASSERT_TRUE(copied.has_value()) << copied.error().message();
    for (size_t i = 0; i < *copied; ++i) tally.add(out[i]);
  }
  EXPECT_EQ(pushed_total, kOps);
  EXPECT_TRUE(queue.empty());
  EXPECT_GE(batches, kOps / 8) << "the queue should have been fed in SQ-sized batches";
  EXPECT_EQ(tally.total(), kOps);
  tally.expect_each_once();
  EXPECT_EQ(small->in_flight(), 0U);
  for (const Nop& nop : nops) EXPECT_EQ(nop.state(), OpState::idle);
}

TEST_P(QueueTest, BurstBiggerThanTheSpanIsDeliveredAcrossCalls) {
  constexpr size_t kOps = 64;
  std::array<Nop, kOps> nops;
  for (size_t i = 0; i < kOps; ++i) ASSERT_TRUE(driver().try_push(nops[i], i));

  Tally tally(0, kOps);
  std::array<Entry, 3> out{};
  size_t calls = 0;
  const auto deadline = Clock::now() + kWait;
  while (tally.total() < kOps && Clock::now() < deadline) {
    auto copied = driver().submit(100ms, out);
    ASSERT_TRUE(copied.has_value()) << copied.error().message();
    ASSERT_LE(*copied, out.size()) << "submit wrote past the caller's span";
    for (size_t i = 0; i < *copied; ++i) tally.add(out[i]);
    EXPECT_EQ(driver().in_flight(), kOps - tally.total());
    ++calls;
  }
  EXPECT_EQ(tally.total(), kOps);
  tally.expect_each_once();
  EXPECT_GE(calls, kOps / out.size());
  auto extra = driver().submit(0ns, out);
  ASSERT_TRUE(extra.has_value());
  EXPECT_EQ(*extra, 0U) << "an entry was delivered twice";
}

// 96 completions against a completion queue of 32 (4 x entries): the
// overflow must be kept, not dropped, and handed out three at a time.
TEST_P(QueueTest, CompletionOverflowIsKeptNotDropped) {
  CIO_DRIVER_OR_SKIP(small, config(8));
  constexpr size_t kOps = 96;
  std::vector<Nop> nops(kOps);
  size_t next = 0;
  const auto deadline = Clock::now() + kWait;
  while (next < kOps && Clock::now() < deadline) {
    while (next < kOps && small->try_push(nops[next], next)) ++next;
    auto none = small->submit(0ns, std::span<Entry>());  // submit, reap nothing
    ASSERT_TRUE(none.has_value()) << none.error().message();
    EXPECT_EQ(*none, 0U);
  }
  ASSERT_EQ(next, kOps);

  Tally tally(0, kOps);
  std::array<Entry, 3> out{};
  while (tally.total() < kOps && Clock::now() < deadline) {
    auto copied = small->submit(10ms, out);
    ASSERT_TRUE(copied.has_value()) << copied.error().message();
    for (size_t i = 0; i < *copied; ++i) tally.add(out[i]);
  }
  EXPECT_EQ(tally.total(), kOps);
  tally.expect_each_once();
  EXPECT_EQ(small->in_flight(), 0U);
}

}  // namespace
}  // namespace cio::test
