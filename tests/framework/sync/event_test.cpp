// Event: set() wakes every waiter (later, not inline), reset() re-arms it.
#include <cio/sync/event.hpp>
#include <runtime_fixture.hpp>

#include "sync_test_util.hpp"

namespace cio::sync::testing {
namespace {

class EventTest : public cio::testing::RuntimeTest {};
CIO_RUNTIME_TEST_SUITE(EventTest);

Task<void> await_event(Event& event, StopToken stop, Result<void>& out, int& woken) {
  out = co_await event.wait(std::move(stop));
  ++woken;
}

TEST_P(EventTest, SetWakesEveryWaiter) {
  run([]() -> Task<void> {
    Event event;
    Result<void> results[3];
    int woken = 0;
    for (auto& result : results) spawn(await_event(event, {}, result, woken));
    co_await let_others_run();
    EXPECT_EQ(woken, 0);
    event.set();
    EXPECT_EQ(woken, 0) << "set() must schedule waiters, not resume them";
    event.reset();  // too late to hold back waiters already woken
    co_await let_others_run();
    EXPECT_EQ(woken, 3);
    for (auto& result : results) EXPECT_TRUE(result);
  }());
}

TEST_P(EventTest, WaitOnASetEventReturnsAtOnceUntilReset) {
  run([]() -> Task<void> {
    Event event;
    event.set();
    EXPECT_TRUE(event.is_set());
    EXPECT_TRUE(co_await event.wait());
    event.reset();
    Result<void> got;
    int woken = 0;
    spawn(await_event(event, {}, got, woken));
    co_await let_others_run();
    EXPECT_EQ(woken, 0);
    event.set();
    co_await let_others_run();
    EXPECT_EQ(woken, 1);
  }());
}

TEST_P(EventTest, StoppingAWaiterCancelsOnlyThatWaiter) {
  run([]() -> Task<void> {
    Event event;
    StopSource stop;
    Result<void> stopped, other;
    int woken = 0;
    spawn(await_event(event, stop.token(), stopped, woken));
    spawn(await_event(event, {}, other, woken));
    co_await let_others_run();
    stop.request_stop();
    co_await let_others_run();
    EXPECT_EQ(woken, 1);
    EXPECT_EQ(stopped.error(), std::errc::operation_canceled);
    EXPECT_STREQ(stopped.operation(), "event wait");
    event.set();
    co_await let_others_run();
    EXPECT_EQ(woken, 2);
    EXPECT_TRUE(other);
  }());
}

}  // namespace
}  // namespace cio::sync::testing
