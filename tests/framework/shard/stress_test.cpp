// No lost wake-up: 10 million messages (requests + replies) between every
// ordered pair of 4 shards, with random idle periods so receivers keep
// falling asleep. Each message's age on arrival is checked, and a watchdog
// thread fails the test if progress stops for a second (a lost wake-up
// would leave a shard asleep with messages in its ring).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <thread>

#include <cio/shard/submit_to.hpp>
#include <cio/sync/event.hpp>
#include <cio/time/sleep.hpp>

#include "shard_fixture.hpp"

namespace cio::testing {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr unsigned kShards = 4;
constexpr unsigned kWorkersPerPair = 8;
constexpr auto kMaxAge = 1s;

// CIO_STRESS_MESSAGES overrides the count (e.g. for a quick local run).
uint64_t message_target() {
  const char* text = std::getenv("CIO_STRESS_MESSAGES");
  return text != nullptr ? std::strtoull(text, nullptr, 10) : 10'000'000;
}

struct Shared {
  std::atomic<uint64_t> delivered{0};  // requests and replies seen
  std::atomic<uint64_t> too_old{0};
  std::atomic<int64_t> oldest_ns{0};
  std::atomic<bool> finished{false};

  void arrived(Clock::time_point sent) {
    const auto age = Clock::now() - sent;
    delivered.fetch_add(1, std::memory_order_relaxed);
    if (age > kMaxAge) too_old.fetch_add(1, std::memory_order_relaxed);
    const int64_t ns = std::chrono::duration_cast<std::chrono::nanoseconds>(age).count();
    int64_t seen = oldest_ns.load(std::memory_order_relaxed);
    while (ns > seen && !oldest_ns.compare_exchange_weak(seen, ns)) {
    }
  }
};

// One sender: round trips to `dest`, idling now and then.
Task<void> worker(Shared& shared, unsigned dest, uint64_t calls, unsigned seed) {
  std::minstd_rand random(seed);
  for (uint64_t i = 0; i < calls; ++i) {
    const auto sent = Clock::now();
    const auto replied = co_await submit_to(dest, [&shared, sent] {
      shared.arrived(sent);
      return Clock::now();
    });
    shared.arrived(replied);
    if (random() % 512 == 0) {
      EXPECT_TRUE(co_await time::sleep(std::chrono::microseconds(random() % 3000)));
    }
  }
}

// Every shard runs kWorkersPerPair workers towards every other shard.
Task<void> run_shard_workers(Shared& shared, uint64_t calls_per_worker) {
  const unsigned self = this_shard();
  unsigned left = (shard_count() - 1) * kWorkersPerPair;
  sync::Event done;
  auto run_one = [&](unsigned dest, unsigned seed) -> Task<void> {
    co_await worker(shared, dest, calls_per_worker, seed);
    if (--left == 0) done.set();
  };
  for (unsigned dest = 0; dest < shard_count(); ++dest) {
    if (dest == self) continue;
    for (unsigned w = 0; w < kWorkersPerPair; ++w)
      spawn(run_one(dest, self * 1000 + dest * 10 + w));
  }
  EXPECT_TRUE(co_await done.wait());
}

// Fails (and ends the process, since a lost wake-up hangs the launch) when
// no message moves for kMaxAge.
void watch(Shared& shared) {
  uint64_t last = 0;
  auto last_change = Clock::now();
  while (!shared.finished.load()) {
    std::this_thread::sleep_for(50ms);
    const uint64_t now_delivered = shared.delivered.load();
    if (now_delivered != last) {
      last = now_delivered;
      last_change = Clock::now();
    } else if (Clock::now() - last_change > kMaxAge) {
      std::fprintf(stderr, "watchdog: no message delivered for 1 s after %llu (lost wake-up)\n",
                   static_cast<unsigned long long>(now_delivered));
      std::_Exit(1);
    }
  }
}

class StressTest : public ShardTest {};
CIO_RUNTIME_TEST_SUITE(StressTest);

TEST_P(StressTest, TenMillionMessagesBetweenAllPairsWithoutALostWakeup) {
  const uint64_t pairs = kShards * (kShards - 1);
  const uint64_t calls_per_worker = message_target() / 2 / pairs / kWorkersPerPair + 1;
  Shared shared;
  std::thread watchdog(watch, std::ref(shared));
  launch(kShards, [&]() -> Task<void> {
    co_await invoke_on_all([&shared, calls_per_worker]() -> Task<void> {
      co_await run_shard_workers(shared, calls_per_worker);
    });
  });
  shared.finished = true;
  watchdog.join();
  EXPECT_EQ(shared.delivered.load(), 2 * calls_per_worker * kWorkersPerPair * pairs);
  EXPECT_GE(shared.delivered.load(), message_target());
  EXPECT_EQ(shared.too_old.load(), 0u)
      << "oldest message: " << shared.oldest_ns.load() / 1'000'000 << " ms";
}

}  // namespace
}  // namespace cio::testing
