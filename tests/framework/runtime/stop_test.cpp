// StopSource / StopToken / StopCallback on their own: shared state, the
// lifetime of that state, and the order callbacks run in. No driver is
// involved, so these run once, not per backend.
#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <utility>
#include <vector>

#include <cio/core/stop.hpp>

namespace cio {
namespace {

TEST(StopTest, DefaultTokenCannotBeStopped) {
  const StopToken token;
  EXPECT_FALSE(token.stop_possible());
  EXPECT_FALSE(token.stop_requested());
}

TEST(StopTest, CopiesOfATokenSeeTheSourcesStop) {
  StopSource source;
  const StopToken first = source.token();
  StopToken second = first;
  const StopToken moved = std::move(second);
  EXPECT_TRUE(moved.stop_possible());
  EXPECT_FALSE(moved.stop_requested());
  EXPECT_TRUE(source.request_stop());
  EXPECT_FALSE(source.request_stop());
  EXPECT_TRUE(first.stop_requested());
  EXPECT_TRUE(moved.stop_requested());
}

TEST(StopTest, TokenOutlivesItsSource) {
  std::optional<StopSource> source(std::in_place);
  const StopToken token = source->token();
  source->request_stop();
  source.reset();
  EXPECT_TRUE(token.stop_possible());
  EXPECT_TRUE(token.stop_requested());
}

TEST(StopTest, CopiedSourceSharesTheState) {
  StopSource source;
  StopSource copy = source;
  StopSource other;
  other = copy;
  const StopToken token = source.token();
  other.request_stop();
  EXPECT_TRUE(source.stop_requested());
  EXPECT_TRUE(copy.stop_requested());
  EXPECT_TRUE(token.stop_requested());
}

TEST(StopTest, AssigningATokenDropsItsOldState) {
  StopSource first;
  StopSource second;
  StopToken token = first.token();
  token = second.token();
  first.request_stop();
  EXPECT_FALSE(token.stop_requested());
  second.request_stop();
  EXPECT_TRUE(token.stop_requested());
}

TEST(StopTest, CallbacksRunOnceInRegistrationOrder) {
  StopSource source;
  std::vector<int> ran;
  StopCallback first(source.token(), [&] { ran.push_back(1); });
  std::optional<StopCallback<std::function<void()>>> dropped;
  dropped.emplace(source.token(), [&] { ran.push_back(2); });
  StopCallback third(source.token(), [&] { ran.push_back(3); });
  dropped.reset();
  source.request_stop();
  source.request_stop();
  EXPECT_EQ(ran, (std::vector<int>{1, 3}));
}

TEST(StopTest, CallbackAfterTheStopRunsAtOnce) {
  StopSource source;
  source.request_stop();
  bool ran = false;
  StopCallback callback(source.token(), [&] { ran = true; });
  EXPECT_TRUE(ran);
}

TEST(StopTest, CallbackWithoutAStoppableTokenNeverRuns) {
  bool ran = false;
  {
    StopCallback callback(StopToken(), [&] { ran = true; });
  }
  EXPECT_FALSE(ran);
}

}  // namespace
}  // namespace cio
