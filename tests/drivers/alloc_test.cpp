// The hot path allocates nothing: after the driver is built, 100,000 ops
// (Nop, ReadAt, Timeout(0), Send/Recv, a cancelled Recv) go through
// try_push / push_queue / submit / try_cancel with every heap allocation
// counted. This binary replaces the global allocation functions, so it is
// kept apart from drivers_test.
#include <sys/socket.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <new>
#include <vector>

#include "driver_test_util.hpp"

#if defined(__SANITIZE_ADDRESS__)
#define CIO_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CIO_TEST_ASAN 1
#endif
#endif

namespace {

std::atomic<bool> g_counting{false};
std::atomic<size_t> g_allocations{0};
std::atomic<size_t> g_first_size{0};

void count(size_t size) noexcept {
  if (!g_counting.load(std::memory_order_relaxed)) return;
  if (g_allocations.fetch_add(1, std::memory_order_relaxed) == 0) {
    g_first_size.store(size, std::memory_order_relaxed);
  }
}

}  // namespace

#ifndef CIO_TEST_ASAN
// The C allocator, counted: thin wrappers over glibc's own entry points
// (glibc supports replacing malloc this way). Not under ASan, which
// intercepts malloc itself and must see every call.
extern "C" {
void* __libc_malloc(size_t size);
void* __libc_calloc(size_t count, size_t size);
void* __libc_realloc(void* ptr, size_t size);
void* __libc_memalign(size_t alignment, size_t size);
void __libc_free(void* ptr);

void* malloc(size_t size) noexcept {
  count(size);
  return __libc_malloc(size);
}
void* calloc(size_t n, size_t size) noexcept {
  count(n * size);
  return __libc_calloc(n, size);
}
void* realloc(void* ptr, size_t size) noexcept {
  count(size);
  return __libc_realloc(ptr, size);
}
void* aligned_alloc(size_t alignment, size_t size) noexcept {
  count(size);
  return __libc_memalign(alignment, size);
}
int posix_memalign(void** out, size_t alignment, size_t size) noexcept {
  count(size);
  void* ptr = __libc_memalign(alignment, size);
  if (ptr == nullptr) return ENOMEM;
  *out = ptr;
  return 0;
}
void free(void* ptr) noexcept { __libc_free(ptr); }
}
#endif

// operator new/delete, every variant. With the C wrappers above the
// underlying malloc is counted as well; a count above zero is what matters.
namespace {
void* allocate(size_t size) {
  count(size);
  if (void* ptr = std::malloc(size == 0 ? 1 : size)) return ptr;
  throw std::bad_alloc();
}
void* allocate(size_t size, std::align_val_t align) {
  count(size);
  const auto alignment = static_cast<size_t>(align);
  const size_t rounded = (size + alignment - 1) / alignment * alignment;
  if (void* ptr = std::aligned_alloc(alignment, rounded == 0 ? alignment : rounded)) return ptr;
  throw std::bad_alloc();
}
}  // namespace

void* operator new(size_t size) { return allocate(size); }
void* operator new[](size_t size) { return allocate(size); }
void* operator new(size_t size, const std::nothrow_t&) noexcept {
  count(size);
  return std::malloc(size == 0 ? 1 : size);
}
void* operator new[](size_t size, const std::nothrow_t& tag) noexcept {
  return operator new(size, tag);
}
void* operator new(size_t size, std::align_val_t align) { return allocate(size, align); }
void* operator new[](size_t size, std::align_val_t align) { return allocate(size, align); }
void* operator new(size_t size, std::align_val_t align, const std::nothrow_t&) noexcept {
  try {
    return allocate(size, align);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](size_t size, std::align_val_t align, const std::nothrow_t& tag) noexcept {
  return operator new(size, align, tag);
}
void operator delete(void* ptr) noexcept { std::free(ptr); }
void operator delete[](void* ptr) noexcept { std::free(ptr); }
void operator delete(void* ptr, size_t) noexcept { std::free(ptr); }
void operator delete[](void* ptr, size_t) noexcept { std::free(ptr); }
void operator delete(void* ptr, const std::nothrow_t&) noexcept { std::free(ptr); }
void operator delete[](void* ptr, const std::nothrow_t&) noexcept { std::free(ptr); }
void operator delete(void* ptr, std::align_val_t) noexcept { std::free(ptr); }
void operator delete[](void* ptr, std::align_val_t) noexcept { std::free(ptr); }
void operator delete(void* ptr, size_t, std::align_val_t) noexcept { std::free(ptr); }
void operator delete[](void* ptr, size_t, std::align_val_t) noexcept { std::free(ptr); }
void operator delete(void* ptr, std::align_val_t, const std::nothrow_t&) noexcept {
  std::free(ptr);
}
void operator delete[](void* ptr, std::align_val_t, const std::nothrow_t&) noexcept {
  std::free(ptr);
}

namespace cio::test {
namespace {

class AllocationTest : public DriverTest {};
CIO_INSTANTIATE_BACKENDS(AllocationTest);

// Arms the counter for one scope.
struct Counting {
  Counting() {
    g_allocations = 0;
    g_counting = true;
  }
  ~Counting() { g_counting = false; }
};

TEST(AllocationCounterTest, CountsHeapAllocations) {
  size_t counted = 0;
  {
    Counting on;
    auto* boxed = new int(7);
    delete boxed;
    counted = g_allocations.load();
  }
  EXPECT_GE(counted, 1U) << "the counting operator new is not in use";
#ifndef CIO_TEST_ASAN
  {
    Counting on;
    void* block = std::malloc(64);
    std::free(block);
    counted = g_allocations.load();
  }
  EXPECT_EQ(counted, 1U) << "the counting malloc is not in use";
#endif
}

// One round: 64 ops plus a Recv that never gets data and is cancelled.
constexpr size_t kNops = 16, kReads = 16, kTimeouts = 16, kPairs = 8;
constexpr size_t kPerRound = kNops + kReads + kTimeouts + 2 * kPairs + 1;
constexpr size_t kTotalOps = 100'000;

TEST_P(AllocationTest, HundredThousandOpsAllocateNothing) {
#ifdef CIO_TEST_ASAN
  GTEST_SKIP() << "ASan intercepts malloc and must see every call, so the counting malloc "
                  "is not built in; the Debug build runs this check";
#else
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
  {
    Counting on;
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
  }
  const size_t allocations = g_allocations.load();
  // Bail-out paths may leave ops in flight: bring them home before they die.
  reclaim(driver(), never);
  for (Recv& recv : recvs) reclaim(driver(), recv);
  for (int i = 0; i < 100 && driver().in_flight() > 0; ++i) submit(10ms);

  EXPECT_EQ(allocations, 0U) << "first allocation: " << g_first_size.load() << " bytes";
  EXPECT_GE(rounds * kPerRound, kTotalOps) << "ran out of time after " << rounds << " rounds";
  EXPECT_EQ(done, rounds * kPerRound);
  EXPECT_EQ(wrong, 0U) << "entries with an unexpected result";
  EXPECT_EQ(cancelled, rounds) << "the silent Recv should end with -ECANCELED every round";
  EXPECT_EQ(refused, 0U) << "try_push/try_cancel refused";
  EXPECT_EQ(submit_errors, 0U);
  EXPECT_TRUE(queue.empty());
  EXPECT_EQ(driver().in_flight(), 0U);
#endif
}

}  // namespace
}  // namespace cio::test
