// AsyncScope and with_scope: steps run last first on every path out, a
// failing step does not skip the others, the body's exception wins, and
// owned services are stopped before they are destroyed. Both backends.
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <cio/core/async_scope.hpp>
#include <cio/core/runtime.hpp>
#include <cio/time/sleep.hpp>

#include "runtime_fixture.hpp"

namespace cio::testing {
namespace {

using namespace std::chrono_literals;

class AsyncScopeTest : public RuntimeTest {
 protected:
  // Runs with_scope(body) and returns what it threw ("" if nothing).
  std::string failure_of(std::function<Task<void>(AsyncScope&)> body) {
    std::string caught;
    run([&]() -> Task<void> {
      try {
        co_await with_scope(body);
      } catch (const std::exception& error) {
        caught = error.what();
      }
    }());
    return caught;
  }
};
CIO_RUNTIME_TEST_SUITE(AsyncScopeTest);

// A service that notes its stop (after a real suspension) and destruction.
class Service {
 public:
  Service(std::vector<std::string>& journal, std::string name)
      : journal_(journal), name_(std::move(name)) {}
  ~Service() { journal_.push_back("destroy " + name_); }
  Task<void> stop() {
    EXPECT_TRUE(co_await time::sleep(1ms));
    journal_.push_back("stop " + name_);
  }

 private:
  std::vector<std::string>& journal_;
  std::string name_;
};

TEST_P(AsyncScopeTest, StopsInReverseWhenTheBodyReturns) {
  std::vector<std::string> journal;
  Service outside(journal, "outside");
  run(with_scope([&](AsyncScope& scope) -> Task<void> {
    scope.defer_stop(outside);
    scope.emplace<Service>(journal, "owned");
    scope.adopt(std::make_unique<Service>(journal, "adopted"), [](Service& s) { return s.stop(); });
    journal.push_back("body done");
    co_return;
  }));
  EXPECT_EQ(journal, (std::vector<std::string>{"body done", "stop adopted", "destroy adopted",
                                               "stop owned", "destroy owned", "stop outside"}));
}

TEST_P(AsyncScopeTest, StopsWhatStartedWhenTheBodyThrowsAndRethrows) {
  std::vector<std::string> journal;
  const std::string caught = failure_of([&](AsyncScope& scope) -> Task<void> {
    scope.emplace<Service>(journal, "first");
    EXPECT_TRUE(co_await time::sleep(1ms));
    throw std::runtime_error("bind failed");
  });
  EXPECT_EQ(caught, "bind failed");
  EXPECT_EQ(journal, (std::vector<std::string>{"stop first", "destroy first"}));
}

TEST_P(AsyncScopeTest, AFailingStepDoesNotSkipTheOthers) {
  std::vector<std::string> journal;
  const std::string caught = failure_of([&](AsyncScope& scope) -> Task<void> {
    scope.emplace<Service>(journal, "first");
    scope.defer([]() -> Task<void> { throw std::runtime_error("stop failed"); });
    co_return;
  });
  EXPECT_EQ(caught, "stop failed");
  EXPECT_EQ(journal, (std::vector<std::string>{"stop first", "destroy first"}));
}

TEST_P(AsyncScopeTest, TheBodysExceptionWinsOverAStepsException) {
  const std::string caught = failure_of([](AsyncScope& scope) -> Task<void> {
    scope.defer([]() -> Task<void> { throw std::logic_error("stop failed"); });
    throw std::runtime_error("body failed");
    co_return;
  });
  EXPECT_EQ(caught, "body failed");
}

}  // namespace
}  // namespace cio::testing
