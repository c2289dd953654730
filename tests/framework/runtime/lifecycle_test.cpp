// A Runtime's life: reachable as Runtime::current() from its tasks, one per
// thread, and a shutdown that cancels and drains every op in flight, then
// frees every frame still suspended.
#include <gtest/gtest.h>

#include <coroutine>
#include <stdexcept>
#include <thread>

#include <cio/core/op_awaitable.hpp>
#include <cio/core/runtime.hpp>

#include "runtime_fixture.hpp"
#include "runtime_test_util.hpp"

namespace cio::testing {
namespace {

class LifecycleTest : public RuntimeTest {};
CIO_RUNTIME_TEST_SUITE(LifecycleTest);

Task<Runtime*> current_runtime() { co_return &Runtime::current(); }

Task<void> record_current(Runtime*& seen) {
  co_await yield();
  seen = &Runtime::current();
}

TEST_P(LifecycleTest, CurrentIsTheRuntimeRunningTheTask) {
  EXPECT_EQ(Runtime::try_current(), nullptr);
  {
    Runtime runtime = make_runtime();
    EXPECT_EQ(Runtime::try_current(), &runtime);
    EXPECT_EQ(runtime.block_on(current_runtime()), &runtime);
    Runtime* seen_by_spawned = nullptr;
    runtime.block_on([&]() -> Task<void> {
      spawn(record_current(seen_by_spawned));
      const bool drained = co_await all_spawned_done();
      EXPECT_TRUE(drained);
    }());
    EXPECT_EQ(seen_by_spawned, &runtime);
  }
  EXPECT_EQ(Runtime::try_current(), nullptr);
}

TEST_P(LifecycleTest, SecondRuntimeOnAThreadThrows) {
  Runtime runtime = make_runtime();
  EXPECT_THROW(Runtime second(config()), std::logic_error);
  EXPECT_EQ(Runtime::try_current(), &runtime) << "the failed constructor unset the first";
  EXPECT_EQ(runtime.block_on(current_runtime()), &runtime);
  bool other_thread_ok = false;
  std::thread([&] {
    Runtime other(config());
    other_thread_ok = other.block_on(current_runtime()) == &other;
  }).join();
  EXPECT_TRUE(other_thread_ok) << "another thread may have its own runtime";
}

TEST(LifecycleDeathTest, CurrentWithoutRuntimeAborts) {
  EXPECT_DEATH((void)Runtime::current(), "no Runtime on this thread");
}

struct Outcomes {
  int started = 0;
  int canceled = 0;
  int other = 0;
  int canceled_again = 0;  // a new op started during shutdown
};

// Waits on a socket that never gets data, then tries once more.
Task<void> recv_forever(Fd fd, Outcomes& outcomes, Tracked) {
  ++outcomes.started;
  char buf[8];
  const Result<uint32_t> result = co_await OpAwaitable<Recv>(fd, buf, sizeof(buf));
  ++(canceled(result) ? outcomes.canceled : outcomes.other);
  const Result<uint32_t> again = co_await OpAwaitable<Nop>();
  if (canceled(again)) ++outcomes.canceled_again;
}

Task<void> spawn_silent_recvs(Fd fd, int count, Outcomes& outcomes) {
  for (int i = 0; i < count; ++i) spawn(recv_forever(fd, outcomes, Tracked{}));
  co_await yield();
}

// Yields until the driver holds `count` ops; returns how many it holds.
Task<size_t> wait_in_flight(size_t count) {
  Driver& driver = Runtime::current().driver();
  for (int i = 0; i < 1000 && driver.in_flight() < count; ++i) co_await yield();
  co_return driver.in_flight();
}

void expect_all_canceled(const Outcomes& outcomes, int count) {
  EXPECT_EQ(outcomes.started, count);
  EXPECT_EQ(outcomes.canceled, count);
  EXPECT_EQ(outcomes.other, 0);
  EXPECT_EQ(outcomes.canceled_again, count) << "ops started during shutdown end canceled";
}

TEST_P(LifecycleTest, ShutdownCancelsAndDrainsOpsInFlight) {
  constexpr int kTasks = 1000;
  const FdPair silent = make_socketpair();  // outlives the runtime and its ops
  const LeakCheck frames;
  Outcomes outcomes;
  {
    Runtime runtime = make_runtime();
    const Fd fd = runtime.driver().attach(silent.a.get()).value();
    const size_t in_flight = runtime.block_on([&]() -> Task<size_t> {
      co_await spawn_silent_recvs(fd, kTasks, outcomes);
      co_return co_await wait_in_flight(kTasks);
    }());
    EXPECT_EQ(in_flight, size_t{kTasks});
    EXPECT_EQ(runtime.live_tasks(), size_t{kTasks});
  }
  expect_all_canceled(outcomes, kTasks);
  EXPECT_EQ(frames.leaked(), 0);
}

// With a 4-entry SQ most recvs still wait in the runtime's own queue.
TEST_P(LifecycleTest, ShutdownCancelsOpsWaitingForSqSpace) {
  constexpr int kTasks = 100;
  const FdPair silent = make_socketpair();
  const LeakCheck frames;
  Outcomes outcomes;
  {
    RuntimeConfig small = config();
    small.driver.entries = 4;
    Runtime runtime(small);
    const Fd fd = runtime.driver().attach(silent.a.get()).value();
    runtime.block_on(spawn_silent_recvs(fd, kTasks, outcomes));
    EXPECT_LT(runtime.driver().in_flight(), size_t{kTasks});
  }
  expect_all_canceled(outcomes, kTasks);
  EXPECT_EQ(frames.leaked(), 0);
}

Task<void> suspend_forever(Tracked) { co_await std::suspend_always{}; }

// Frames the loop can never finish: suspended on nothing, or never started
// because the loop did not run after the spawn. Shutdown frees both.
TEST_P(LifecycleTest, ShutdownFreesTasksThatCannotFinish) {
  const FdPair silent = make_socketpair();
  const LeakCheck frames;
  Outcomes outcomes;
  {
    Runtime runtime = make_runtime();
    const Fd fd = runtime.driver().attach(silent.a.get()).value();
    runtime.block_on([]() -> Task<void> {
      for (int i = 0; i < 10; ++i) spawn(suspend_forever(Tracked{}));
      co_await yield();
    }());
    for (int i = 0; i < 10; ++i) runtime.spawn(recv_forever(fd, outcomes, Tracked{}));
    EXPECT_EQ(frames.leaked(), 20);
  }
  EXPECT_EQ(frames.leaked(), 0);
  EXPECT_EQ(outcomes.started, outcomes.canceled) << "spawned late, they still end canceled";
}

}  // namespace
}  // namespace cio::testing
