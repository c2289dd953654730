// Cross-shard calls take any callable and argument type: strings, vectors,
// unique_ptr, shared_ptr and a lifetime-counting type, as captures and as
// arguments, on 1, 2 and 4 shards and both backends. Every object made is
// destroyed exactly once (Tracked counts; ASan sees the heap).
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include <cio/detail/awaited_arguments.hpp>
#include <cio/shard/foreign.hpp>
#include <cio/shard/per_shard.hpp>
#include <cio/shard/sharded.hpp>
#include <cio/shard/submit_to.hpp>
#include <cio/time/sleep.hpp>

#include "shard_fixture.hpp"
#include "tracked.hpp"

namespace cio::testing {
namespace {

using namespace std::chrono_literals;

constexpr unsigned kShardCounts[] = {1, 2, 4};
const std::string kText(100, 'x');  // longer than the small-string buffer

class CallArgumentsTest : public ShardTest {
 protected:
  // Runs `body` on 1, 2 and 4 shards, each time with fresh counts, and
  // checks that every Tracked made was destroyed exactly once.
  void on_each_shard_count(const std::function<Task<void>(TrackedCounts&)>& body) {
    for (unsigned shards : kShardCounts) {
      SCOPED_TRACE(std::to_string(shards) + " shards");
      TrackedCounts counts;
      launch(shards, [&]() -> Task<void> { co_await body(counts); });
      EXPECT_GT(counts.made.load(), 0);
      EXPECT_EQ(counts.live(), 0);
      EXPECT_EQ(counts.misused.load(), 0);
    }
  }
};
CIO_RUNTIME_TEST_SUITE(CallArgumentsTest);

size_t measure(const std::string& text, std::vector<int> numbers, std::unique_ptr<Tracked> unique,
               std::shared_ptr<Tracked> shared, Tracked tracked) {
  return text.size() + std::accumulate(numbers.begin(), numbers.end(), size_t{0}) +
         unique->value() + shared->value() + tracked.value();
}
constexpr size_t kMeasured = 100 + 6 + 1 + 2 + 3;

TEST_P(CallArgumentsTest, SubmitToPassesEveryKindOfArgument) {
  on_each_shard_count([](TrackedCounts& counts) -> Task<void> {
    const std::vector<int> numbers{1, 2, 3};
    const Tracked tracked(counts, 3);
    for (unsigned shard = 0; shard < shard_count(); ++shard) {
      auto size =
          co_await submit_to(shard, measure, kText, numbers, std::make_unique<Tracked>(counts, 1),
                             std::make_shared<Tracked>(counts, 2), tracked);
      EXPECT_EQ(size, kMeasured);
    }
  });
}

TEST_P(CallArgumentsTest, SubmitToCarriesANamedLambdasCaptures) {
  on_each_shard_count([](TrackedCounts& counts) -> Task<void> {
    const std::vector<int> numbers{1, 2, 3};
    auto shared = std::make_shared<Tracked>(counts, 2);
    const Tracked tracked(counts, 3);
    auto fn = [text = kText, numbers, shared, tracked] {
      return text.size() + numbers.size() + shared->value() + tracked.value();
    };
    for (unsigned shard = 0; shard < shard_count(); ++shard) {
      EXPECT_EQ(co_await submit_to(shard, fn), 100u + 3 + 2 + 3);
    }
    EXPECT_EQ(shared.use_count(), 2);  // ours and fn's: the calls' copies are gone
  });
}

TEST_P(CallArgumentsTest, ACoroutineCalleeKeepsItsArgumentsAcrossSuspension) {
  on_each_shard_count([](TrackedCounts& counts) -> Task<void> {
    auto slow = [](std::string text, std::unique_ptr<Tracked> unique) -> Task<size_t> {
      EXPECT_TRUE(co_await time::sleep(1ms));
      co_return text.size() + unique->value();
    };
    const unsigned last = shard_count() - 1;
    EXPECT_EQ(co_await submit_to(last, slow, kText, std::make_unique<Tracked>(counts, 5)), 105u);
  });
}

// The natural form, a lambda written inside the co_await with captures
// that have destructors. GCC 12 miscompiles it, so there it does not
// compile (see compile_checks); everywhere else it must work.
template <bool kInlineCapturesCompile = !cio::detail::kDoubleDestroysAwaitedAggregates>
Task<void> call_with_inline_captures(TrackedCounts& counts) {
  if constexpr (kInlineCapturesCompile) {
    const std::vector<int> numbers{1, 2, 3};
    const unsigned last = shard_count() - 1;
    auto size = co_await submit_to(
        last, [text = kText, numbers, unique = std::make_unique<Tracked>(counts, 1)] {
          return text.size() + numbers.size() + unique->value();
        });
    EXPECT_EQ(size, 104u);
    co_await invoke_on_all([tracked = Tracked(counts, 1)] { EXPECT_EQ(tracked.value(), 1); });
  } else {
    Tracked tracked(counts, 1);  // so the shared check still sees one object
    co_return;
  }
}

TEST_P(CallArgumentsTest, InlineCapturingLambdasWorkWhereTheyCompile) {
  on_each_shard_count([](TrackedCounts& counts) { return call_with_inline_captures(counts); });
}

TEST_P(CallArgumentsTest, InvokeOnAllAndMapReduceCopyTheirArgumentsPerShard) {
  on_each_shard_count([](TrackedCounts& counts) -> Task<void> {
    auto shared = std::make_shared<Tracked>(counts, 2);
    const std::vector<int> numbers{1, 2, 3};
    co_await invoke_on_all(
        [](const std::string& text, const std::shared_ptr<Tracked>& same, Tracked own) {
          EXPECT_EQ(text, kText);
          EXPECT_EQ(same->value(), 2);
          EXPECT_EQ(own.value(), 4);
        },
        kText, shared, Tracked(counts, 4));
    auto total = co_await map_reduce(
        [](std::vector<int> numbers, Tracked own) {
          return std::accumulate(numbers.begin(), numbers.end(), own.value());
        },
        size_t{0}, std::plus<>(), numbers, Tracked(counts, 10));
    EXPECT_EQ(total, 16u * shard_count());
    EXPECT_EQ(shared.use_count(), 1);
  });
}

// Notes the shard it is destroyed on.
struct NotesItsEnd {
  NotesItsEnd(Tracked tracked, std::atomic<int>& ended_on)
      : tracked(std::move(tracked)), ended_on(ended_on) {}
  ~NotesItsEnd() { ended_on = static_cast<int>(this_shard()); }
  Tracked tracked;
  std::atomic<int>& ended_on;
};

// A Foreign argument is used on the target and destroyed back home.
TEST_P(CallArgumentsTest, AForeignArgumentGoesBackHomeToBeDestroyed) {
  on_each_shard_count([](TrackedCounts& counts) -> Task<void> {
    std::atomic<int> ended_on = -1;
    const unsigned last = shard_count() - 1;
    auto used_on = co_await submit_to(
        last,
        [](Foreign<NotesItsEnd> item) {
          EXPECT_EQ(item->tracked.value(), 8);
          return this_shard();
        },
        Foreign(std::make_unique<NotesItsEnd>(Tracked(counts, 8), ended_on)));
    EXPECT_EQ(used_on, last);
    co_await submit_to(last, [] {});  // the destruction message has reached shard 0
    EXPECT_EQ(ended_on.load(), 0);
  });
}

// A per-shard service built from arguments of every kind.
struct Service {
  Service(const std::string& text, const std::vector<int>& numbers, std::shared_ptr<Tracked> shared,
          const Tracked& tracked, unsigned slot)
      : text(text), numbers(numbers), shared(std::move(shared)), tracked(tracked), slot(slot) {}
  std::string text;
  std::vector<int> numbers;
  std::shared_ptr<Tracked> shared;
  Tracked tracked;
  unsigned slot;
};

TEST_P(CallArgumentsTest, ShardedStartsFromAnyArgumentsAndPerShardOnes) {
  on_each_shard_count([](TrackedCounts& counts) -> Task<void> {
    Sharded<Service> services;
    const std::vector<int> numbers{1, 2, 3};
    co_await services.start(std::string(kText), numbers, std::make_shared<Tracked>(counts, 2),
                            Tracked(counts, 3),
                            per_shard([](unsigned shard) { return shard * 10; }));
    auto slots = co_await services.map_reduce(
        [](Service& service, const std::string& expected) {
          EXPECT_EQ(service.text, expected);
          EXPECT_EQ(service.tracked.value(), 3);
          return std::vector<unsigned>{service.slot};
        },
        std::vector<unsigned>(),
        [](std::vector<unsigned> all, std::vector<unsigned> one) {
          all.push_back(one.front());
          return all;
        },
        kText);
    for (unsigned shard = 0; shard < shard_count(); ++shard) EXPECT_EQ(slots[shard], shard * 10);
    const unsigned last = shard_count() - 1;
    auto value = co_await services.invoke_on(
        last,
        [](Service& service, std::unique_ptr<Tracked> unique) {
          return service.shared->value() + unique->value();
        },
        std::make_unique<Tracked>(counts, 5));
    EXPECT_EQ(value, 7);
    co_await services.invoke_on_all(
        [](Service& service, Tracked own) {
          EXPECT_EQ(service.numbers.size(), 3u);
          EXPECT_EQ(own.value(), 6);
        },
        Tracked(counts, 6));
    co_await services.stop();
  });
}

struct FailsOnLastShard {
  explicit FailsOnLastShard(const Tracked& tracked) : tracked(tracked) {
    if (shard_count() > 1 && this_shard() == shard_count() - 1) {
      throw std::runtime_error("no room on the last shard");
    }
  }
  Tracked tracked;
};

TEST_P(CallArgumentsTest, AFailedStartStopsWhatItBuiltAndRethrows) {
  on_each_shard_count([](TrackedCounts& counts) -> Task<void> {
    Sharded<FailsOnLastShard> services;
    std::string message;
    try {
      co_await services.start(Tracked(counts, 1));
    } catch (const std::runtime_error& error) {
      message = error.what();
    }
    if (shard_count() > 1) {
      EXPECT_EQ(message, "no room on the last shard");
      EXPECT_FALSE(services.started());
    } else {
      co_await services.stop();
    }
  });
}

}  // namespace
}  // namespace cio::testing
