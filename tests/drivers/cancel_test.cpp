// Cancellation: every op ends with exactly one final entry (its own result or
// -ECANCELED), under random races, and when the driver is destroyed.
#include <unistd.h>

#include <array>
#include <cerrno>
#include <random>
#include <vector>

#include "driver_test_util.hpp"

namespace cio::test {
namespace {

class CancelTest : public DriverTest {};
CIO_INSTANTIATE_BACKENDS(CancelTest);

TEST_P(CancelTest, TryCancelOnAnIdleOpIsFalse) {
  Nop never_pushed;
  EXPECT_FALSE(driver().try_cancel(never_pushed));
  Nop done;
  EXPECT_EQ(run_one(driver(), done).result, 0);
  EXPECT_FALSE(driver().try_cancel(done));
  Nop queued;
  OpQueue queue;
  queue.push(queued, 1);
  EXPECT_FALSE(driver().try_cancel(queued)) << "an op in the caller's queue is not in flight";
  EXPECT_EQ(driver().push_queue(queue), 1U);
  EXPECT_EQ(run_until(driver(), 1).size(), 1U);
}

TEST_P(CancelTest, CancelledRecvEndsWithEcanceled) {
  FdPair pair = socket_pair();
  char buf[8];
  Recv recv(attach(pair.a.get()), buf, sizeof(buf));
  ASSERT_TRUE(driver().try_push(recv, 77));
  std::array<Entry, 4> out{};
  ASSERT_TRUE(driver().submit(0ns, out).has_value());
  ASSERT_TRUE(driver().try_cancel(recv));
  const auto got = run_until(driver(), 1);
  ASSERT_EQ(got.size(), 1U);
  EXPECT_EQ(got[0].user_data, 77U);
  EXPECT_EQ(got[0].result, -ECANCELED) << result_text(got[0].result);
  EXPECT_FALSE(got[0].more());
  EXPECT_EQ(recv.state(), OpState::idle);
  EXPECT_FALSE(driver().try_cancel(recv));
  auto extra = driver().submit(10ms, out);
  ASSERT_TRUE(extra.has_value());
  EXPECT_EQ(*extra, 0U) << "a cancelled op gave a second entry";
}

TEST_P(CancelTest, CancellingTwiceStillGivesOneEntry) {
  Timeout timeout(10s);
  ASSERT_TRUE(driver().try_push(timeout, 6));
  EXPECT_TRUE(driver().try_cancel(timeout)) << "pushed, not yet submitted";
  std::array<Entry, 4> out{};
  ASSERT_TRUE(driver().submit(0ns, std::span<Entry>()).has_value());
  (void)driver().try_cancel(timeout);  // true if not reaped yet; either way harmless
  const auto got = run_until(driver(), 1, 2s);
  ASSERT_EQ(got.size(), 1U);
  EXPECT_EQ(got[0].result, -ECANCELED) << result_text(got[0].result);
  auto extra = driver().submit(10ms, out);
  ASSERT_TRUE(extra.has_value());
  EXPECT_EQ(*extra, 0U) << "a second entry for one op";
  EXPECT_EQ(driver().in_flight(), 0U);
}

TEST_P(CancelTest, CancelledLongTimeoutEndsAtOnce) {
  Timeout timeout(10s);
  ASSERT_TRUE(driver().try_push(timeout, 5));
  std::array<Entry, 4> out{};
  ASSERT_TRUE(driver().submit(0ns, out).has_value());
  const auto start = Clock::now();
  ASSERT_TRUE(driver().try_cancel(timeout));
  const auto got = run_until(driver(), 1, 2s);
  ASSERT_EQ(got.size(), 1U);
  EXPECT_EQ(got[0].result, -ECANCELED) << result_text(got[0].result);
  EXPECT_LT(Clock::now() - start, 1s);
}

// The op finished in the kernel but its entry is not reaped yet: the cancel
// loses the race and the op's own result is its one entry.
TEST_P(CancelTest, CancelAfterCompletionKeepsTheOwnResult) {
  Nop nop;
  ASSERT_TRUE(driver().try_push(nop, 8));
  ASSERT_TRUE(driver().submit(0ns, std::span<Entry>()).has_value());
  EXPECT_TRUE(driver().try_cancel(nop)) << "not reaped yet, so still in flight";
  const auto got = run_until(driver(), 1);
  ASSERT_EQ(got.size(), 1U);
  EXPECT_EQ(got[0].result, 0) << result_text(got[0].result);
  std::array<Entry, 4> out{};
  auto extra = driver().submit(10ms, out);
  ASSERT_TRUE(extra.has_value());
  EXPECT_EQ(*extra, 0U);
}

// One op of the race: which kind it is this round, whether and when it is
// cancelled, and how many final entries it got.
struct RaceSlot {
  enum Kind { kNop, kTimeout, kRecv } kind = kNop;
  Nop nop;
  Timeout timeout{0ns};
  Recv recv{Fd{}, nullptr, 0};
  char buf[8] = {};
  int cancel_step = -1;
  bool cancelled = false;
  int finals = 0;

  OpBase& op() {
    if (kind == kTimeout) return timeout;
    if (kind == kRecv) return recv;
    return nop;
  }
};

// 1,000 rounds x 100 ops: Nops, Timeouts of 0-50 us and Recvs on a socket
// pair that sometimes has data; a random third is cancelled at a random step.
TEST_P(CancelTest, RandomCancelRacesGiveExactlyOneFinalEntryPerOp) {
  constexpr size_t kRounds = 1000;
  constexpr size_t kBatch = 100;
  constexpr int kSteps = 4;
  const uint32_t seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 rng(seed);
  FdPair pair = socket_pair();
  const Fd socket = attach(pair.a.get());
  std::vector<RaceSlot> slots(kBatch);
  std::array<Entry, 32> out{};
  size_t cancelled = 0, completed = 0, stray = 0, spurious = 0, extra_entries = 0;

  auto consume = [&](size_t round, size_t count) {
    for (size_t i = 0; i < count; ++i) {
      const Entry& entry = out[i];
      const uint64_t base = round * kBatch;
      if (entry.user_data < base || entry.user_data >= base + kBatch) {
        ++stray;
        continue;
      }
      RaceSlot& slot = slots[entry.user_data - base];
      if (entry.more()) ++extra_entries;
      if (++slot.finals > 1) ++extra_entries;
      if (entry.result == -ECANCELED) {
        ++cancelled;
        if (!slot.cancelled) ++spurious;
      } else {
        ++completed;
        const bool ok = slot.kind == RaceSlot::kRecv ? entry.result > 0 && entry.result <= 8
                                                     : entry.result == 0;
        EXPECT_TRUE(ok) << "kind " << slot.kind << ": " << result_text(entry.result);
      }
    }
  };

  for (size_t round = 0; round < kRounds && !HasFailure(); ++round) {
    for (size_t i = 0; i < kBatch; ++i) {
      RaceSlot& slot = slots[i];
      slot.kind = static_cast<RaceSlot::Kind>(rng() % 3);
      if (slot.kind == RaceSlot::kTimeout)
        slot.timeout = Timeout(std::chrono::microseconds(rng() % 51));
      if (slot.kind == RaceSlot::kRecv) slot.recv = Recv(socket, slot.buf, sizeof(slot.buf));
      slot.cancel_step = rng() % 3 == 0 ? static_cast<int>(rng() % kSteps) : -1;
      slot.cancelled = false;
      slot.finals = 0;
      ASSERT_TRUE(driver().try_push(slot.op(), round * kBatch + i));
    }
    const int write_step = rng() % 2 == 0 ? static_cast<int>(rng() % kSteps) : -1;
    for (int step = 0; step < kSteps; ++step) {
      for (RaceSlot& slot : slots) {
        if (slot.cancel_step != step || !slot.op().in_flight()) continue;
        EXPECT_TRUE(driver().try_cancel(slot.op()));
        slot.cancelled = true;
      }
      if (step == write_step) {
        const char data[64] = {};
        ASSERT_TRUE(write_all(pair.b.get(), data, 1 + rng() % sizeof(data)));
      }
      auto copied = driver().submit(0ns, out);
      ASSERT_TRUE(copied.has_value()) << copied.error().message();
      consume(round, *copied);
    }
    // Recvs without data would wait forever: cancel what is left.
    for (RaceSlot& slot : slots) {
      if (slot.op().in_flight() && driver().try_cancel(slot.op())) slot.cancelled = true;
    }
    const auto deadline = Clock::now() + kWait;
    while (driver().in_flight() > 0 && Clock::now() < deadline) {
      auto copied = driver().submit(10ms, out);
      ASSERT_TRUE(copied.has_value()) << copied.error().message();
      consume(round, *copied);
    }
    ASSERT_EQ(driver().in_flight(), 0U) << "round " << round << " did not drain";
    for (size_t i = 0; i < kBatch; ++i) {
      ASSERT_EQ(slots[i].finals, 1) << "round " << round << " op " << i;
      ASSERT_EQ(slots[i].op().state(), OpState::idle);
    }
  }
  EXPECT_EQ(stray, 0U) << "entries with a user_data from another round";
  EXPECT_EQ(extra_entries, 0U) << "ops with more than one final entry";
  EXPECT_EQ(spurious, 0U) << "-ECANCELED for ops nobody cancelled";
  EXPECT_EQ(cancelled + completed, kRounds * kBatch);
  EXPECT_GT(cancelled, 0U);
  EXPECT_GT(completed, 0U);
  EXPECT_EQ(driver().in_flight(), 0U);
  std::array<Entry, 4> tail{};
  auto late = driver().submit(10ms, tail);
  ASSERT_TRUE(late.has_value());
  EXPECT_EQ(*late, 0U) << "entries after every op was final";
}

// 100 Recvs that will never get data (half submitted, half only pushed) and
// a 10 s Timeout: the destructor cancels and drains them, promptly.
TEST_P(CancelTest, DestroyingTheDriverCancelsAndDrainsOpsInFlight) {
  constexpr size_t kRecvs = 100;
  std::vector<FdPair> pairs;
  for (int i = 0; i < 10; ++i) pairs.push_back(socket_pair());
  std::vector<std::array<char, 8>> bufs(kRecvs);
  std::vector<Recv> recvs;
  recvs.reserve(kRecvs);
  for (size_t i = 0; i < kRecvs; ++i) {
    recvs.emplace_back(attach(pairs[i % pairs.size()].a.get()), bufs[i].data(), 8);
  }
  Timeout timeout(10s);
  for (size_t i = 0; i < kRecvs / 2; ++i) ASSERT_TRUE(driver().try_push(recvs[i], i));
  ASSERT_TRUE(driver().try_push(timeout, 999));
  std::array<Entry, 8> out{};
  auto copied = driver().submit(0ns, out);
  ASSERT_TRUE(copied.has_value());
  EXPECT_EQ(*copied, 0U);
  for (size_t i = kRecvs / 2; i < kRecvs; ++i) ASSERT_TRUE(driver().try_push(recvs[i], i));
  EXPECT_EQ(driver().in_flight(), kRecvs + 1);

  const auto start = Clock::now();
  driver_.reset();
  EXPECT_LT(Clock::now() - start, 2s) << "the destructor waited for the timeout";
  for (const Recv& recv : recvs) ASSERT_EQ(recv.state(), OpState::idle);
  EXPECT_EQ(timeout.state(), OpState::idle);
}

}  // namespace
}  // namespace cio::test
