// Gate: close() waits for every holder, and a closed gate refuses entry.
#include <string>
#include <vector>

#include <cio/sync/gate.hpp>
#include <cio/time/sleep.hpp>
#include <runtime_fixture.hpp>

#include "sync_test_util.hpp"

namespace cio::sync::testing {
namespace {

using namespace std::chrono_literals;

class GateTest : public cio::testing::RuntimeTest {};
CIO_RUNTIME_TEST_SUITE(GateTest);

Task<void> hold_for(Gate& gate, std::chrono::milliseconds duration, int& left) {
  auto held = gate.enter();
  if (!held) co_return;
  (void)co_await time::sleep(duration);
  ++left;
}

TEST_P(GateTest, CloseWaitsForEveryHolder) {
  run([]() -> Task<void> {
    Gate gate;
    int left = 0;
    for (int i = 1; i <= 3; ++i) spawn(hold_for(gate, i * 5ms, left));
    co_await let_others_run();
    EXPECT_EQ(gate.holders(), 3U);
    auto closed = co_await gate.close();
    EXPECT_TRUE(closed) << closed.describe();
    EXPECT_EQ(left, 3);
    EXPECT_EQ(gate.holders(), 0U);
  }());
}

TEST_P(GateTest, AClosedGateRefusesEntry) {
  run([]() -> Task<void> {
    Gate gate;
    EXPECT_TRUE(co_await gate.close()) << "no holders: closes at once";
    auto held = gate.enter();
    EXPECT_FALSE(held);
    EXPECT_EQ(held.error(), kClosed);
    EXPECT_STREQ(held.operation(), "gate enter");
    EXPECT_NE(held.describe().find("gate enter"), std::string::npos);
    EXPECT_TRUE(gate.is_closed());
  }());
}

TEST_P(GateTest, EntryIsRefusedFromTheMomentCloseIsCalled) {
  run([]() -> Task<void> {
    Gate gate;
    auto held = gate.enter();
    auto closing = gate.close();
    EXPECT_FALSE(gate.enter());
    held->reset();
    EXPECT_TRUE(co_await closing);
  }());
}

Task<void> close_gate(Gate& gate, StopToken stop, Result<void>& out, bool& done) {
  out = co_await gate.close(std::move(stop));
  done = true;
}

TEST_P(GateTest, EveryCloserWakesWhenTheLastHolderLeaves) {
  run([]() -> Task<void> {
    Gate gate;
    auto held = gate.enter();
    Result<void> first, second;
    bool first_done = false, second_done = false;
    spawn(close_gate(gate, {}, first, first_done));
    spawn(close_gate(gate, {}, second, second_done));
    co_await let_others_run();
    EXPECT_FALSE(first_done || second_done);
    held->reset();
    co_await let_others_run();
    EXPECT_TRUE(first_done && second_done);
    EXPECT_TRUE(first && second);
  }());
}

TEST_P(GateTest, StoppingACloserCancelsTheWaitButTheGateStaysClosed) {
  run([]() -> Task<void> {
    Gate gate;
    auto held = gate.enter();
    StopSource stop;
    Result<void> closed;
    bool done = false;
    spawn(close_gate(gate, stop.token(), closed, done));
    co_await let_others_run();
    stop.request_stop();
    co_await let_others_run();
    EXPECT_TRUE(done);
    EXPECT_EQ(closed.error(), std::errc::operation_canceled);
    EXPECT_STREQ(closed.operation(), "gate close");
    EXPECT_TRUE(gate.is_closed());
    EXPECT_FALSE(gate.enter());
  }());
}

TEST_P(GateTest, AHolderLeavesOnceWhetherMovedResetOrDestroyed) {
  Gate gate;
  {
    auto held = gate.enter();
    Gate::Holder moved = std::move(*held);
    EXPECT_FALSE(held->holds());
    EXPECT_EQ(gate.holders(), 1U);
    moved.reset();
    moved.reset();
    EXPECT_EQ(gate.holders(), 0U);
    auto again = gate.enter();
    EXPECT_EQ(gate.holders(), 1U);
  }
  EXPECT_EQ(gate.holders(), 0U);
}

}  // namespace
}  // namespace cio::sync::testing
