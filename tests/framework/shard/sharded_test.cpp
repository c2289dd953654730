// Sharded<T> start/stop order and calls; Foreign<T> dies on its home shard.
#include <gtest/gtest.h>

#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include <cio/core/async_scope.hpp>
#include <cio/shard/foreign.hpp>
#include <cio/shard/sharded.hpp>
#include <cio/time/sleep.hpp>

#include "shard_fixture.hpp"

namespace cio::testing {
namespace {

using namespace std::chrono_literals;

// Every constructor, stop and destructor, with the shard it ran on.
class Journal {
 public:
  void add(std::string event) {
    std::lock_guard lock(mutex_);
    events_.push_back(std::move(event));
  }
  std::vector<std::string> events() {
    std::lock_guard lock(mutex_);
    return events_;
  }

 private:
  std::mutex mutex_;
  std::vector<std::string> events_;
};

std::string on_shard(const char* what) { return what + std::to_string(this_shard()); }

struct Counter {
  Counter(Journal* journal, int start) : journal(journal), value(start) {
    journal->add(on_shard("new@"));
  }
  ~Counter() { journal->add(on_shard("delete@")); }
  Task<void> stop() {
    EXPECT_TRUE(co_await time::sleep(1ms));
    journal->add(on_shard("stop@"));
  }
  Journal* journal;
  int value;
};

class ShardedTest : public ShardTest {};
CIO_RUNTIME_TEST_SUITE(ShardedTest);

TEST_P(ShardedTest, StartsInOrderAndStopsInReverse) {
  Journal journal;
  launch(3, [&]() -> Task<void> {
    Sharded<Counter> counters;
    co_await counters.start(&journal, 10);
    co_await counters.stop();
  });
  EXPECT_EQ(journal.events(),
            (std::vector<std::string>{"new@0", "new@1", "new@2", "stop@2", "delete@2", "stop@1",
                                      "delete@1", "stop@0", "delete@0"}));
}

TEST_P(ShardedTest, InvokeOnReachesTheRightInstance) {
  Journal journal;
  int seen = 0;
  int total = 0;
  launch(3, [&]() -> Task<void> {
    Sharded<Counter> counters;
    co_await counters.start(&journal, 10);
    co_await counters.invoke_on(2, [](Counter& c) { c.value += 5; });
    seen = co_await counters.invoke_on(2, [](Counter& c) { return c.value; });
    co_await counters.invoke_on_all([](Counter& c) { c.value += 1; });
    total = co_await counters.map_reduce([](Counter& c) { return c.value; }, 0, std::plus<>());
    co_await counters.stop();
  });
  EXPECT_EQ(seen, 15);
  EXPECT_EQ(total, 11 + 11 + 16);
}

struct HomeBound {
  explicit HomeBound(unsigned* died_on) : died_on(died_on) {}
  ~HomeBound() { *died_on = this_shard(); }
  unsigned* died_on;
};

TEST_P(ShardedTest, ForeignObjectDiesOnItsHomeShard) {
  unsigned died_on = 99;
  unsigned used_on = 99;
  launch(2, [&]() -> Task<void> {
    // Built on shard 1, sent to shard 0, dropped on shard 0.
    auto object = co_await submit_to(
        1, [&died_on] { return Foreign<HomeBound>(std::make_unique<HomeBound>(&died_on)); });
    used_on = object.home();
    object.reset();
    // The destruction message runs on shard 1 before this reply comes back.
    co_await submit_to(1, [] {});
  });
  EXPECT_EQ(used_on, 1u);
  EXPECT_EQ(died_on, 1u);
}

// The case that once needed hand-written undo: main throws after starting.
TEST_P(ShardedTest, AScopeStopsItOnEveryShardWhenMainThrows) {
  Journal journal;
  bool caught = false;
  launch(3, [&]() -> Task<void> {
    try {
      co_await with_scope([&](AsyncScope& scope) -> Task<void> {
        auto& counters = scope.emplace<Sharded<Counter>>();
        co_await counters.start(&journal, 10);
        throw std::runtime_error("listener failed");
      });
    } catch (const std::runtime_error&) {
      caught = true;
    }
  });
  EXPECT_TRUE(caught);
  EXPECT_EQ(journal.events(),
            (std::vector<std::string>{"new@0", "new@1", "new@2", "stop@2", "delete@2", "stop@1",
                                      "delete@1", "stop@0", "delete@0"}));
}

// Forgetting stop(): debug builds abort naming the type; release builds say
// the same and leave the instances alive (their spawned work may use them).
TEST_P(ShardedTest, DestroyedWhileStartedIsReported) {
  Journal journal;
  auto forget_to_stop = [&] {
    launch(2, [&]() -> Task<void> {
      Sharded<Counter> counters;
      co_await counters.start(&journal, 10);
    });
  };
#ifndef NDEBUG
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(forget_to_stop(), "cio::Sharded<cio::testing::.*Counter> destroyed while started");
#else
  forget_to_stop();
  EXPECT_EQ(journal.events(), (std::vector<std::string>{"new@0", "new@1"}));
#endif
}

}  // namespace
}  // namespace cio::testing
