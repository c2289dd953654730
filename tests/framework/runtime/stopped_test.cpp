// co_await stopped(token): resumes when the source stops, at once when it
// already has, and refuses a token that can never stop. Both backends.
#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>

#include <cio/core/runtime.hpp>
#include <cio/core/stopped.hpp>
#include <cio/time/clock.hpp>
#include <cio/time/sleep.hpp>

#include "runtime_fixture.hpp"

namespace cio::testing {
namespace {

using namespace std::chrono_literals;

class StoppedTest : public RuntimeTest {};
CIO_RUNTIME_TEST_SUITE(StoppedTest);

Task<void> stop_later(StopSource& source, time::Clock::duration after) {
  auto slept = co_await time::sleep(after);
  EXPECT_TRUE(slept);
  source.request_stop();
}

TEST_P(StoppedTest, ResumesWhenTheSourceStops) {
  StopSource source;
  bool resumed = false;
  run([&]() -> Task<void> {
    spawn(stop_later(source, 5ms));
    co_await stopped(source.token());
    resumed = true;
    EXPECT_TRUE(source.stop_requested());
  }());
  EXPECT_TRUE(resumed);
}

TEST_P(StoppedTest, AnAlreadyStoppedTokenDoesNotSuspend) {
  StopSource source;
  source.request_stop();
  bool resumed = false;
  run([&]() -> Task<void> {
    co_await stopped(source.token());
    resumed = true;
  }());
  EXPECT_TRUE(resumed);
}

TEST_P(StoppedTest, SeveralWaitersAllResume) {
  StopSource source;
  int resumed = 0;
  auto wait = [&]() -> Task<void> {
    co_await stopped(source.token());
    ++resumed;
  };
  run([&]() -> Task<void> {
    spawn(wait());
    spawn(wait());
    co_await stop_later(source, 1ms);
    co_await wait();
  }());
  EXPECT_EQ(resumed, 3);
}

TEST_P(StoppedTest, ATokenWithoutASourceIsRefused) {
  EXPECT_THROW(static_cast<void>(stopped(StopToken())), std::invalid_argument);
}

}  // namespace
}  // namespace cio::testing
