// The launcher: pinning, shard identity, start failures, metrics.
#include <gtest/gtest.h>

#include <sched.h>
#include <stdlib.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <vector>

#include <cio/shard/metrics.hpp>
#include <cio/shard/submit_to.hpp>

#include "shard_fixture.hpp"

namespace cio::testing {
namespace {

class LauncherTest : public ShardTest {};
CIO_RUNTIME_TEST_SUITE(LauncherTest);

TEST_P(LauncherTest, EachShardRunsPinnedToItsCpu) {
  auto config = launch_config(2);
  std::vector<int> ran_on(2, -1);
  shard::run_shards(config, [&]() -> Task<void> {
    co_await invoke_on_all([&ran_on] { ran_on[this_shard()] = sched_getcpu(); });
  });
  EXPECT_EQ(ran_on, config.cpus);
}

TEST_P(LauncherTest, OutsideALaunchThereIsOneShard) {
  EXPECT_EQ(this_shard(), 0u);
  EXPECT_EQ(shard_count(), 1u);
}

TEST_P(LauncherTest, MainsExceptionIsRethrownAfterTheShardsStopped) {
  EXPECT_THROW(launch(3,
                      []() -> Task<void> {
                        throw std::runtime_error("main failed");
                        co_return;
                      }),
               std::runtime_error);
}

TEST_P(LauncherTest, EmptyCpuListIsRejected) {
  shard::LaunchConfig config;
  EXPECT_THROW(shard::run_shards(config, []() -> Task<void> { co_return; }), std::invalid_argument);
}

TEST_P(LauncherTest, ABadCpuFailsTheWholeLaunchBeforeMainRuns) {
  auto config = launch_config(2);
  config.cpus[1] = CPU_SETSIZE - 1;  // no such CPU here
  bool ran = false;
  try {
    shard::run_shards(config, [&]() -> Task<void> {
      ran = true;
      co_return;
    });
    ADD_FAILURE() << "the launch should have failed";
  } catch (const std::runtime_error& error) {
    const std::string expected = "shard 1: cpu " + std::to_string(CPU_SETSIZE - 1) +
                                 ": pthread_setaffinity_np: Invalid argument (errno 22)";
    EXPECT_NE(std::string(error.what()).find(expected), std::string::npos) << error.what();
  }
  EXPECT_FALSE(ran);
}

// io_uring refused on every shard: an explicit io_uring backend fails the
// launch with one message; auto falls back to epoll and runs.
TEST_P(LauncherTest, RefusedIoUringFailsOrFallsBackPerBackend) {
  if (GetParam() != BackendKind::io_uring) GTEST_SKIP() << "about the io_uring backend only";
  ::setenv("CIO_FORCE_IO_URING_ERROR", "EPERM", 1);
  auto config = launch_config(2);
  bool ran = false;
  EXPECT_THROW(shard::run_shards(config,
                                 [&]() -> Task<void> {
                                   ran = true;
                                   co_return;
                                 }),
               std::runtime_error);
  EXPECT_FALSE(ran);
  config.runtime.driver.backend = BackendKind::automatic;
  shard::run_shards(config, [&]() -> Task<void> {
    ran = co_await submit_to(
        1, [] { return Runtime::current().driver().backend() == BackendKind::epoll; });
  });
  ::unsetenv("CIO_FORCE_IO_URING_ERROR");
  EXPECT_TRUE(ran);
}

TEST_P(LauncherTest, MetricsCountMessagesOnEveryShard) {
  std::vector<ShardMetrics> all;
  launch(3, [&]() -> Task<void> {
    for (int i = 0; i < 10; ++i) co_await submit_to(2, [] {});
    all = co_await all_metrics();
  });
  ASSERT_EQ(all.size(), 3u);
  for (unsigned shard = 0; shard < 3; ++shard) EXPECT_EQ(all[shard].shard, shard);
  EXPECT_GE(all[0].mesh.messages_sent, 10u);
  EXPECT_GE(all[2].mesh.messages_received, 10u);
  EXPECT_GE(all[2].runtime.loop_turns, 1u);
}

}  // namespace
}  // namespace cio::testing
