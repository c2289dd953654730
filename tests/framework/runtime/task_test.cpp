// Task<T>: results of every shape, exceptions carried to the awaiter, long
// synchronous chains on a flat stack, and frames that die with their Task.
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

#include <cio/core/task.hpp>

#include "runtime_fixture.hpp"
#include "runtime_test_util.hpp"

namespace cio::testing {
namespace {

class TaskTest : public RuntimeTest {};
CIO_RUNTIME_TEST_SUITE(TaskTest);

Task<int> answer() { co_return 42; }

Task<void> set_flag(bool& flag) {
  flag = true;
  co_return;
}

Task<std::unique_ptr<int>> boxed(int value) { co_return std::make_unique<int>(value); }

Task<int> unbox_plus_one(int value) {
  std::unique_ptr<int> box = co_await boxed(value);
  co_return *box + 1;
}

Task<int> fail(std::string why) {
  throw std::runtime_error(why);
  co_return 0;
}

Task<void> fail_void() {
  throw std::logic_error("void task failed");
  co_return;
}

// The exception of an awaited task surfaces at the co_await.
Task<std::string> catch_from_child() {
  try {
    co_await fail("child failed");
  } catch (const std::runtime_error& error) {
    co_return error.what();
  }
  co_return "nothing thrown";
}

Task<uint64_t> one() { co_return 1; }

// Each co_await finishes at once: without symmetric transfer every
// iteration would nest one more resume() on the stack.
Task<uint64_t> sum_of_ones(uint64_t count) {
  uint64_t sum = 0;
  for (uint64_t i = 0; i < count; ++i) sum += co_await one();
  co_return sum;
}

// A chain of nested awaits `depth` frames deep, unwinding synchronously.
Task<uint64_t> nested(uint64_t depth) {
  if (depth == 0) co_return 0;
  co_return 1 + co_await nested(depth - 1);
}

Task<void> hold(Tracked) { co_return; }

Task<int> create_and_drop_children(int count) {
  for (int i = 0; i < count; ++i) {
    Task<void> never_awaited = hold(Tracked{});
  }
  co_return count;
}

constexpr uint64_t kChainLength = 1'000'000;

constexpr const char* kNoTailCallUnderAsan =
    "under ASan GCC cannot emit the tail call symmetric transfer relies on, so a deep "
    "synchronous co_await chain overflows the stack; the other builds run this test";

TEST_P(TaskTest, ReturnsValue) { EXPECT_EQ(run(answer()), 42); }

TEST_P(TaskTest, VoidTaskRuns) {
  bool ran = false;
  run(set_flag(ran));
  EXPECT_TRUE(ran);
}

TEST_P(TaskTest, MoveOnlyResult) {
  std::unique_ptr<int> box = run(boxed(7));
  ASSERT_NE(box, nullptr);
  EXPECT_EQ(*box, 7);
  EXPECT_EQ(run(unbox_plus_one(9)), 10);
}

TEST_P(TaskTest, ExceptionReachesAwaiter) { EXPECT_EQ(run(catch_from_child()), "child failed"); }

TEST_P(TaskTest, ExceptionLeavesBlockOn) {
  try {
    run(fail("to the caller"));
    ADD_FAILURE() << "block_on returned instead of throwing";
  } catch (const std::runtime_error& error) {
    EXPECT_STREQ(error.what(), "to the caller");
  }
  EXPECT_THROW(run(fail_void()), std::logic_error);
}

TEST_P(TaskTest, MillionSynchronousAwaitsInALoop) {
  if (kAddressSanitizer) GTEST_SKIP() << kNoTailCallUnderAsan;
  EXPECT_EQ(run(sum_of_ones(kChainLength)), kChainLength);
}

TEST_P(TaskTest, MillionDeepNestedAwaits) {
  if (kAddressSanitizer) GTEST_SKIP() << kNoTailCallUnderAsan;
  EXPECT_EQ(run(nested(kChainLength)), kChainLength);
}

TEST_P(TaskTest, UnawaitedTaskFreesItsFrame) {
  const LeakCheck frames;
  {
    Task<void> task = hold(Tracked{});
    EXPECT_EQ(frames.leaked(), 1) << "the parameter copy lives in the frame";
  }
  EXPECT_EQ(frames.leaked(), 0);
  EXPECT_EQ(run(create_and_drop_children(100)), 100);
  EXPECT_EQ(frames.leaked(), 0);
}

TEST_P(TaskTest, ReassignedTaskFreesTheOldFrame) {
  const LeakCheck frames;
  Task<void> task = hold(Tracked{});
  task = hold(Tracked{});
  EXPECT_EQ(frames.leaked(), 1);
  run(std::move(task));
  EXPECT_EQ(frames.leaked(), 0);
}

}  // namespace
}  // namespace cio::testing
