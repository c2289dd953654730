// submit_to, invoke_on_all and map_reduce across 2 and 4 shards, both backends.
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include <cio/shard/metrics.hpp>
#include <cio/shard/shard.hpp>
#include <cio/shard/submit_to.hpp>
#include <cio/sync/event.hpp>
#include <cio/time/sleep.hpp>

#include "shard_fixture.hpp"

namespace cio::testing {
namespace {

using namespace std::chrono_literals;

class SubmitToTest : public ShardTest {};
CIO_RUNTIME_TEST_SUITE(SubmitToTest);

TEST_P(SubmitToTest, RunsOnTheTargetShardAndReturnsTheValue) {
  unsigned ran_on = 99;
  launch(2, [&]() -> Task<void> {
    EXPECT_EQ(this_shard(), 0u);
    EXPECT_EQ(shard_count(), 2u);
    ran_on = co_await submit_to(1, [] { return this_shard(); });
  });
  EXPECT_EQ(ran_on, 1u);
}

TEST_P(SubmitToTest, CarriesTheExceptionBack) {
  std::string message;
  launch(2, [&]() -> Task<void> {
    try {
      co_await submit_to(1, []() -> int { throw std::runtime_error("boom on 1"); });
    } catch (const std::runtime_error& error) {
      message = error.what();
    }
  });
  EXPECT_EQ(message, "boom on 1");
}

TEST_P(SubmitToTest, AwaitsACoroutineCalleeOnTheTarget) {
  unsigned resumed_on = 99;
  launch(2, [&]() -> Task<void> {
    resumed_on = co_await submit_to(1, []() -> Task<unsigned> {
      EXPECT_TRUE(co_await time::sleep(1ms));
      co_return this_shard();
    });
  });
  EXPECT_EQ(resumed_on, 1u);
}

TEST_P(SubmitToTest, CoroutineCalleeExceptionComesBack) {
  bool caught = false;
  launch(2, [&]() -> Task<void> {
    try {
      co_await submit_to(1, []() -> Task<void> {
        EXPECT_TRUE(co_await time::sleep(1ms));
        throw std::logic_error("late");
      });
    } catch (const std::logic_error&) {
      caught = true;
    }
  });
  EXPECT_TRUE(caught);
}

TEST_P(SubmitToTest, ToItselfRunsDirectly) {
  int value = 0;
  launch(2, [&]() -> Task<void> { value = co_await submit_to(0, [] { return 7; }); });
  EXPECT_EQ(value, 7);
}

TEST_P(SubmitToTest, UnknownShardThrowsOutOfRange) {
  bool thrown = false;
  launch(2, [&]() -> Task<void> {
    try {
      co_await submit_to(5, [] {});
    } catch (const std::out_of_range&) {
      thrown = true;
    }
  });
  EXPECT_TRUE(thrown);
}

TEST_P(SubmitToTest, ChainsAcrossFourOverprovisionedShards) {
  int hops = 0;
  launch(4, [&]() -> Task<void> {
    // 0 -> 1 -> 2 -> 3, each hop adds one on its own shard.
    hops = co_await submit_to(1, []() -> Task<int> {
      co_return 1 + co_await submit_to(2, []() -> Task<int> {
        co_return 1 + co_await submit_to(3, [] { return this_shard() == 3 ? 1 : 100; });
      });
    });
  });
  EXPECT_EQ(hops, 3);
}

TEST_P(SubmitToTest, InvokeOnAllRunsOncePerShard) {
  std::vector<std::atomic<int>> runs(4);
  launch(4, [&]() -> Task<void> {
    co_await invoke_on_all([&runs] { runs[this_shard()].fetch_add(1); });
  });
  for (auto& count : runs) EXPECT_EQ(count.load(), 1);
}

TEST_P(SubmitToTest, MapReduceFoldsEveryShard) {
  unsigned sum = 0;
  launch(4, [&]() -> Task<void> {
    sum = co_await map_reduce([] { return this_shard() + 1; }, 0u, std::plus<>());
  });
  EXPECT_EQ(sum, 1u + 2 + 3 + 4);
}

TEST_P(SubmitToTest, MapReduceRethrowsTheFirstFailureAfterAllFinish) {
  std::string message;
  std::atomic<int> finished = 0;
  launch(4, [&]() -> Task<void> {
    try {
      co_await map_reduce(
          [&finished]() -> int {
            finished.fetch_add(1);
            if (this_shard() >= 2)
              throw std::runtime_error("shard " + std::to_string(this_shard()));
            return 1;
          },
          0, std::plus<>());
    } catch (const std::runtime_error& error) {
      message = error.what();
    }
  });
  EXPECT_EQ(message, "shard 2");
  EXPECT_EQ(finished.load(), 4);
}

Task<void> call_and_add(int i, long& total, int& left, sync::Event& all_done) {
  total += co_await submit_to(1, [i] { return i; });
  if (--left == 0) all_done.set();
}

TEST_P(SubmitToTest, ManyConcurrentCallsFillTheRingAndAllComplete) {
  constexpr int kCalls = 5000;  // far more than the ring holds
  long total = 0;
  auto config = launch_config(2);
  config.ring_capacity = 16;
  shard::run_shards(config, [&]() -> Task<void> {
    int left = kCalls;
    sync::Event all_done;
    for (int i = 0; i < kCalls; ++i) spawn(call_and_add(i, total, left, all_done));
    EXPECT_TRUE(co_await all_done.wait());
    auto metrics = local_metrics();
    EXPECT_GT(metrics.mesh.ring_full_waits, 0u);
    EXPECT_GE(metrics.mesh.messages_sent, uint64_t{kCalls});
  });
  EXPECT_EQ(total, long{kCalls} * (kCalls - 1) / 2);
}

}  // namespace
}  // namespace cio::testing
