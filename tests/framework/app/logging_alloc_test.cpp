// A Logger handle on the hot path: logging at a disabled level allocates
// nothing. This binary links the allocation counter (it replaces the global
// allocation functions), so it is kept apart from framework_app_test.
#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include <string>

#include <cio/app/logging.hpp>
#include <cio/testing/alloc_count.hpp>

namespace cio::app {
namespace {

TEST(LoggingAllocTest, ADisabledLevelThroughAHandleAllocatesNothing) {
  if (!alloc_count::kCountsNew) GTEST_SKIP() << "operator new is not counted here";
  configure_logging({}, std::make_shared<spdlog::sinks::null_sink_mt>());
  const alloc_count::Counter obtaining;
  const Logger handle("app-alloc-handle");
  ASSERT_GT(obtaining.count(), 0U) << "creating a logger allocates: is the counter linked?";
  const std::string long_text(100, 'x');  // would need the heap if it were formatted
  const alloc_count::Counter counter;
  for (int i = 0; i < 1000; ++i) {
    handle->debug("connection {} from {}: {}", i, "127.0.0.1:7000", long_text);
  }
  EXPECT_EQ(counter.count(), 0U);
}

}  // namespace
}  // namespace cio::app
