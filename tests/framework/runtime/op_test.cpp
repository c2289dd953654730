// Awaiting driver ops through OpAwaitable: typed results (bytes, or the
// errno as a std::error_code), pipes in both orders, and more ops than the
// submission queue holds waiting their turn in the runtime's queue.
#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <string_view>
#include <type_traits>

#include <cio/core/op_awaitable.hpp>
#include <cio/core/runtime.hpp>

#include "runtime_fixture.hpp"
#include "runtime_test_util.hpp"

namespace cio::testing {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

class OpTest : public RuntimeTest {};
CIO_RUNTIME_TEST_SUITE(OpTest);

static_assert(
    std::is_same_v<decltype(std::declval<OpAwaitable<Read>&>().await_resume()), Result<uint32_t>>);

constexpr std::string_view kHello = "hello, runtime";

Task<Result<uint32_t>> await_nop() { co_return co_await OpAwaitable<Nop>(); }

Task<Result<uint32_t>> await_read(Fd fd, char* buf, uint32_t len) {
  co_return co_await OpAwaitable<Read>(fd, buf, len);
}

Task<Result<uint32_t>> await_write(Fd fd, std::string_view text) {
  co_return co_await OpAwaitable<Write>(fd, text.data(), static_cast<uint32_t>(text.size()));
}

TEST_P(OpTest, NopCompletesWithZero) {
  const Result<uint32_t> result = run(await_nop());
  ASSERT_TRUE(result.has_value()) << result.describe();
  EXPECT_EQ(*result, 0U);
}

TEST_P(OpTest, TimeoutExpiryIsSuccess) {
  Clock::duration waited{};
  const Result<uint32_t> result = run([&]() -> Task<Result<uint32_t>> {
    const Clock::time_point start = Clock::now();
    Result<uint32_t> slept = co_await OpAwaitable<Timeout>(5ms);
    waited = Clock::now() - start;
    co_return slept;
  }());
  ASSERT_TRUE(result.has_value()) << result.describe();
  EXPECT_EQ(*result, 0U);
  EXPECT_GE(waited, 4ms);
  EXPECT_LT(waited, 2s);
}

TEST_P(OpTest, WriteThenReadAPipe) {
  Runtime runtime = make_runtime();
  const FdPair pipe = make_pipe();
  const Fd reader = runtime.driver().attach(pipe.a.get()).value();
  const Fd writer = runtime.driver().attach(pipe.b.get()).value();
  const Result<uint32_t> wrote = runtime.block_on(await_write(writer, kHello));
  ASSERT_TRUE(wrote.has_value()) << wrote.describe();
  EXPECT_EQ(*wrote, kHello.size());
  char buf[64] = {};
  const Result<uint32_t> got = runtime.block_on(await_read(reader, buf, sizeof(buf)));
  ASSERT_TRUE(got.has_value()) << got.describe();
  EXPECT_EQ(std::string_view(buf, *got), kHello);
}

Task<void> read_and_flag(Fd fd, char (&buf)[64], Result<uint32_t>& out, bool& done) {
  out = co_await OpAwaitable<Read>(fd, buf, sizeof(buf));
  done = true;
}

// The read is parked first (the pipe is empty) and finishes once written.
TEST_P(OpTest, ReadWaitsForTheWriter) {
  Runtime runtime = make_runtime();
  const FdPair pipe = make_pipe();
  const Fd reader = runtime.driver().attach(pipe.a.get()).value();
  const Fd writer = runtime.driver().attach(pipe.b.get()).value();
  char buf[64] = {};
  Result<uint32_t> got = std::errc::invalid_argument;
  bool read_done = false;
  runtime.block_on([&]() -> Task<void> {
    spawn(read_and_flag(reader, buf, got, read_done));
    for (int i = 0; i < 3; ++i) co_await yield();
    EXPECT_FALSE(read_done) << "the read finished before anything was written";
    const Result<uint32_t> wrote = co_await await_write(writer, kHello);
    EXPECT_TRUE(wrote.has_value()) << wrote.describe();
    const bool drained = co_await all_spawned_done();
    EXPECT_TRUE(drained);
  }());
  ASSERT_TRUE(got.has_value()) << got.describe();
  EXPECT_EQ(std::string_view(buf, *got), kHello);
}

TEST_P(OpTest, KernelErrorIsATypedErrorCode) {
  Runtime runtime = make_runtime();
  const FdPair pipe = make_pipe();
  const Fd write_end = runtime.driver().attach(pipe.b.get()).value();
  char buf[8];
  const Result<uint32_t> result = runtime.block_on(await_read(write_end, buf, sizeof(buf)));
  ASSERT_FALSE(result.has_value()) << "read from a pipe's write end returned " << *result;
  EXPECT_EQ(result.error(), std::errc::bad_file_descriptor) << result.error().message();
}

Task<void> nop_and_count(int& ok) {
  const Result<uint32_t> result = co_await OpAwaitable<Nop>();
  if (result.has_value() && *result == 0) ++ok;
}

// 1000 Nops against a 4-entry SQ: most wait in the runtime's own queue.
TEST_P(OpTest, OpsBeyondTheSubmissionQueueWaitTheirTurn) {
  constexpr int kOps = 1000;
  RuntimeConfig small = config();
  small.driver.entries = 4;
  Runtime runtime(small);
  int ok = 0;
  const bool drained = runtime.block_on([&]() -> Task<bool> {
    for (int i = 0; i < kOps; ++i) spawn(nop_and_count(ok));
    co_return co_await all_spawned_done();
  }());
  EXPECT_TRUE(drained);
  EXPECT_EQ(ok, kOps);
  EXPECT_EQ(runtime.driver().in_flight(), 0U);
  EXPECT_EQ(runtime.stats().ops_submitted, runtime.stats().ops_completed);
  EXPECT_GE(runtime.stats().ops_completed, uint64_t{kOps});
}

Task<void> spin_and_count(const bool& stop, uint64_t& turns) {
  while (!stop) {
    co_await yield();
    ++turns;
  }
}

// Eight tasks keep re-awaiting Nops against a 4-entry SQ. Ops queued for SQ
// space must get in before newer ones, or the first four tasks take every
// slot each turn and the other four never run again.
TEST_P(OpTest, QueuedOpsAreNotOvertakenByNewerOnes) {
  constexpr size_t kTasks = 8;
  RuntimeConfig small = config();
  small.driver.entries = 4;
  Runtime runtime(small);
  bool stop = false;
  std::array<uint64_t, kTasks> turns{};
  std::array<uint64_t, kTasks> turns_before_stop{};
  runtime.block_on([&]() -> Task<void> {
    for (uint64_t& count : turns) spawn(spin_and_count(stop, count));
    // Waits without IO, so the spinners alone compete for the SQ.
    const Clock::time_point end = Clock::now() + 20ms;
    while (Clock::now() < end) co_await Reschedule{};
    turns_before_stop = turns;
    stop = true;
    const bool drained = co_await all_spawned_done();
    EXPECT_TRUE(drained);
  }());
  for (size_t i = 0; i < kTasks; ++i) {
    EXPECT_GT(turns_before_stop[i], 0U) << "task " << i << " starved";
  }
}

}  // namespace
}  // namespace cio::testing
