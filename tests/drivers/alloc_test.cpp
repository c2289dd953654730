// The hot path allocates nothing: after the driver is built, 100,000 ops
// (Nop, ReadAt, Timeout(0), Send/Recv, a cancelled Recv) go through
// try_push / push_queue / submit / try_cancel with every heap allocation
// counted. This binary links the allocation counter, which replaces the
// global allocation functions, so it is kept apart from drivers_test.
#include <sys/socket.h>

#include <array>
#include <cstdlib>
#include <vector>

#include <cio/testing/alloc_count.hpp>

#include "driver_test_util.hpp"

namespace cio::test {
namespace {

class AllocationTest : public DriverTest {};
CIO_INSTANTIATE_BACKENDS(AllocationTest);

TEST(AllocationCounterTest, CountsHeapAllocations) {
  const alloc_count::Counter counter;
  ::operator delete(::operator new(16));  // a call, not a new-expression: never elided
  EXPECT_EQ(counter.count(), 1U) << "the counting operator new is not in use";
  if (!alloc_count::kCountsMalloc) return;
  const alloc_count::Counter malloc_counter;
  // Through a volatile pointer: GCC elides a malloc/free pair at -O2.
  void* volatile block = std::malloc(64);
  std::free(block);
  EXPECT_EQ(malloc_counter.count(), 1U) << "the counting malloc is not in use";
}

// One round: 64 ops plus a Recv that never gets data and is cancelled.
constexpr size_t kNops = 16, kReads = 16, kTimeouts = 16, kPairs = 8;
constexpr size_t kPerRound = kNops + kReads + kTimeouts + 2 * kPairs + 1;
constexpr size_t kTotalOps = 100'000;

TEST_P(AllocationTest, HundredThousandOpsAllocateNothing) {
  if (!alloc_count::kCountsMalloc) {
    GTEST_SKIP() << "a sanitizer intercepts malloc and must see every call, so the counting "
                    "malloc is not built in; the Debug build runs this check";
  }
  // Everything is built before counting starts: files, sockets, ops, arrays.
  TempDir dir;
  UniqueFd file = dir.make_file("data", std::string(4096, 'd'));
  FdPair messages = socket_pair(SOCK_SEQPACKET);
  FdPair silent = socket_pair(SOCK_SEQPACKET);
  const Fd file_fd = attach(file.get());
  const Fd send_fd = attach(messages.a.get());
  const Fd recv_fd = attach(messages.b.get());
  const Fd silent_fd = attach(silent.a.get());
  static char read_bufs[kReads][64];
  static char recv_bufs[kPairs][16];
  static const char payload[16] = "sixteen bytes..";
  std::array<Nop, kNops> nops;
  std::vector<Timeout> timeouts(kTimeouts, Timeout(0ns));
  std::vector<ReadAt> reads;
  std::vector<Send> sends;
  std::vector<Recv> recvs;
  reads.reserve(kReads);
  sends.reserve(kPairs);
  recvs.reserve(kPairs);
  for (size_t i = 0; i < kReads; ++i) reads.emplace_back(file_fd, read_bufs[i], 64, i * 64);
  for (size_t i = 0; i < kPairs; ++i) {
    sends.emplace_back(send_fd, payload, sizeof(payload));
    recvs.emplace_back(recv_fd, recv_bufs[i], sizeof(recv_bufs[i]));
  }
  static char silent_buf[8];
  Recv never(silent_fd, silent_buf, sizeof(silent_buf));
  OpQueue queue;
  std::array<Entry, 32> out{};

  size_t done = 0, wrong = 0, cancelled = 0, refused = 0, submit_errors = 0, rounds = 0;
  auto consume = [&](size_t copied) {
    for (size_t i = 0; i < copied; ++i) {
      const Entry& entry = out[i];
      ++done;
      const uint64_t kind = entry.user_data >> 8;
      const int32_t want = kind == 1 ? 64 : kind == 3 ? 16 : 0;
      if (kind == 4) {
        cancelled += entry.result == -ECANCELED ? 1 : 0;
      } else if (entry.result != want) {
        ++wrong;
      }
    }
  };
  auto submit = [&](std::chrono::nanoseconds wait) {
    auto copied = driver().submit(wait, out);
    if (!copied) {
      ++submit_errors;
      return;
    }
    consume(*copied);
  };

  const auto deadline = Clock::now() + 40s;
  const alloc_count::Counter counter;
  while (rounds * kPerRound < kTotalOps && Clock::now() < deadline && submit_errors == 0) {
    const size_t target = done + kPerRound;
    // Half through the caller's queue, half pushed directly.
    for (size_t i = 0; i < kNops; ++i) queue.push(nops[i], (0 << 8) | i);
    for (size_t i = 0; i < kTimeouts; ++i) queue.push(timeouts[i], (2 << 8) | i);
    driver().push_queue(queue);
    for (size_t i = 0; i < kReads; ++i)
      refused += driver().try_push(reads[i], (1 << 8) | i) ? 0 : 1;
    for (size_t i = 0; i < kPairs; ++i) {
      refused += driver().try_push(recvs[i], (3 << 8) | i) ? 0 : 1;
      refused += driver().try_push(sends[i], (3 << 8) | (16 + i)) ? 0 : 1;
    }
    refused += driver().try_push(never, 4 << 8) ? 0 : 1;
    submit(0ns);
    if (!driver().try_cancel(never)) ++refused;
    while (done < target && Clock::now() < deadline && submit_errors == 0) {
      driver().push_queue(queue);
      submit(100ms);
    }
    ++rounds;
  }
  const uint64_t allocations = counter.count();
  const size_t last_size = alloc_count::last_size();
  // Bail-out paths may leave ops in flight: bring them home before they die.
  reclaim(driver(), never);
  for (Recv& recv : recvs) reclaim(driver(), recv);
  for (int i = 0; i < 100 && driver().in_flight() > 0; ++i) submit(10ms);

  EXPECT_EQ(allocations, 0U) << "last allocation: " << last_size << " bytes";
  EXPECT_GE(rounds * kPerRound, kTotalOps) << "ran out of time after " << rounds << " rounds";
  EXPECT_EQ(done, rounds * kPerRound);
  EXPECT_EQ(wrong, 0U) << "entries with an unexpected result";
  EXPECT_EQ(cancelled, rounds) << "the silent Recv should end with -ECANCELED every round";
  EXPECT_EQ(refused, 0U) << "try_push/try_cancel refused";
  EXPECT_EQ(submit_errors, 0U);
  EXPECT_TRUE(queue.empty());
  EXPECT_EQ(driver().in_flight(), 0U);
}

}  // namespace
}  // namespace cio::test
