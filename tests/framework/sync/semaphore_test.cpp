// Semaphore: FIFO fairness, a bound on concurrent holders, cancellation.
#include <algorithm>
#include <memory>
#include <vector>

#include <cio/sync/semaphore.hpp>
#include <cio/time/sleep.hpp>
#include <runtime_fixture.hpp>

#include "sync_test_util.hpp"

namespace cio::sync::testing {
namespace {

using namespace std::chrono_literals;

class SemaphoreTest : public cio::testing::RuntimeTest {};
CIO_RUNTIME_TEST_SUITE(SemaphoreTest);

// Results are stored before they are tested: GCC 12 miscompiles a co_await
// directly inside an if condition.
Task<void> take(Semaphore& semaphore, size_t units, int id, std::vector<int>& order) {
  auto got = co_await semaphore.acquire(units);
  if (got) order.push_back(id);
}

TEST_P(SemaphoreTest, WakesWaitersInFifoOrderAndNeverInline) {
  run([]() -> Task<void> {
    Semaphore semaphore(0);
    std::vector<int> order;
    for (int id = 0; id < 5; ++id) spawn(take(semaphore, 1, id, order));
    co_await let_others_run();
    EXPECT_EQ(semaphore.waiting(), 5U);
    semaphore.release(5);
    EXPECT_TRUE(order.empty()) << "release() must schedule waiters, not resume them";
    co_await let_others_run();
    EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4}));
    EXPECT_EQ(semaphore.available(), 0U);
  }());
}

TEST_P(SemaphoreTest, ALargeAcquireIsNotOvertakenBySmallOnes) {
  run([]() -> Task<void> {
    Semaphore semaphore(0);
    std::vector<int> order;
    spawn(take(semaphore, 3, 0, order));
    spawn(take(semaphore, 1, 1, order));
    co_await let_others_run();
    semaphore.release(1);
    co_await let_others_run();
    EXPECT_TRUE(order.empty()) << "the 1-unit waiter must queue behind the 3-unit one";
    EXPECT_FALSE(semaphore.try_acquire()) << "nor may try_acquire barge in";
    semaphore.release(2);
    co_await let_others_run();
    EXPECT_EQ(order, std::vector<int>{0});
    semaphore.release(1);
    co_await let_others_run();
    EXPECT_EQ(order, (std::vector<int>{0, 1}));
  }());
}

struct Load {
  int active = 0;
  int peak = 0;
  int finished = 0;
};

Task<void> worker(Semaphore& semaphore, Load& load) {
  auto got = co_await semaphore.acquire();
  if (got) {
    load.peak = std::max(load.peak, ++load.active);
    (void)co_await time::sleep(2ms);
    --load.active;
    semaphore.release();
  }
  ++load.finished;
}

TEST_P(SemaphoreTest, BoundsConcurrentHolders) {
  run([]() -> Task<void> {
    Semaphore semaphore(3);
    Load load;
    for (int i = 0; i < 12; ++i) spawn(worker(semaphore, load));
    co_await wait_until([&] { return load.finished == 12; });
    EXPECT_EQ(load.peak, 3);
    EXPECT_EQ(semaphore.available(), 3U);
  }());
}

Task<void> take_or_fail(Semaphore& semaphore, size_t units, StopToken stop, Result<void>& out) {
  out = co_await semaphore.acquire(units, std::move(stop));
}

TEST_P(SemaphoreTest, StoppingAWaiterCancelsItWithoutTakingUnits) {
  run([]() -> Task<void> {
    Semaphore semaphore(0);
    StopSource stop;
    Result<void> got;
    spawn(take_or_fail(semaphore, 1, stop.token(), got));
    co_await let_others_run();
    EXPECT_EQ(semaphore.waiting(), 1U);
    stop.request_stop();
    co_await let_others_run();
    EXPECT_FALSE(got);
    EXPECT_EQ(got.error(), std::errc::operation_canceled);
    EXPECT_STREQ(got.operation(), "semaphore acquire");
    EXPECT_EQ(semaphore.waiting(), 0U);
    semaphore.release();
    EXPECT_EQ(semaphore.available(), 1U);
  }());
}

TEST_P(SemaphoreTest, CancelingTheHeadServesTheWaiterBehindIt) {
  run([]() -> Task<void> {
    Semaphore semaphore(1);
    StopSource stop;
    Result<void> big;
    std::vector<int> order;
    spawn(take_or_fail(semaphore, 3, stop.token(), big));
    spawn(take(semaphore, 1, 1, order));
    co_await let_others_run();
    EXPECT_TRUE(order.empty());
    stop.request_stop();
    co_await let_others_run();
    EXPECT_FALSE(big);
    EXPECT_EQ(order, std::vector<int>{1});
  }());
}

TEST_P(SemaphoreTest, AStoppedTokenOnlyCancelsAWaitThatWouldBlock) {
  run([]() -> Task<void> {
    Semaphore semaphore(1);
    StopSource stop;
    stop.request_stop();
    EXPECT_TRUE(co_await semaphore.acquire(1, stop.token()));
    auto blocked = co_await semaphore.acquire(1, stop.token());
    EXPECT_EQ(blocked.error(), std::errc::operation_canceled);
    EXPECT_EQ(semaphore.waiting(), 0U);
  }());
}

Task<void> park_one(Semaphore& semaphore, std::vector<int>& order) {
  spawn(take(semaphore, 1, 0, order));
  co_await let_others_run();
}

// The runtime frees a still-parked waiter's frame at shutdown; the waiter
// must leave the semaphore's queue as it goes.
TEST_P(SemaphoreTest, AWaiterFreedAtShutdownLeavesTheQueue) {
  Semaphore semaphore(0);
  std::vector<int> order;
  {
    Runtime runtime = make_runtime();
    runtime.block_on(park_one(semaphore, order));
    EXPECT_EQ(semaphore.waiting(), 1U);
  }
  EXPECT_EQ(semaphore.waiting(), 0U);
  EXPECT_TRUE(order.empty());
}

// And the other order: the semaphore dies first, its parked waiter later.
TEST_P(SemaphoreTest, ASemaphoreMayDieBeforeItsParkedWaiters) {
  std::vector<int> order;
  run([](std::vector<int>& taken) -> Task<void> {
    auto semaphore = std::make_unique<Semaphore>(0);
    co_await park_one(*semaphore, taken);
    semaphore.reset();
  }(order));
  EXPECT_TRUE(order.empty());
}

TEST_P(SemaphoreTest, TryAcquireTakesOnlyFreeUnits) {
  Semaphore semaphore(2);
  EXPECT_TRUE(semaphore.try_acquire(2));
  EXPECT_FALSE(semaphore.try_acquire());
  semaphore.release();
  EXPECT_TRUE(semaphore.try_acquire());
  EXPECT_EQ(semaphore.available(), 0U);
}

}  // namespace
}  // namespace cio::sync::testing
