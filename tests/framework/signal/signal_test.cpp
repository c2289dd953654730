// SignalSet: signals sent to the process (or to the shard's thread) while
// blocked come back as the result of wait(), on both backends.
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <vector>

#include <cio/signal/signal_set.hpp>
#include <cio/time/sleep.hpp>
#include <runtime_fixture.hpp>

namespace cio::signal {
namespace {

using namespace std::chrono_literals;

class SignalTest : public cio::testing::RuntimeTest {};
CIO_RUNTIME_TEST_SUITE(SignalTest);

bool blocked(int number) {
  sigset_t mask;
  pthread_sigmask(SIG_BLOCK, nullptr, &mask);
  return sigismember(&mask, number) == 1;
}

TEST_P(SignalTest, APendingSignalIsReceivedAtOnce) {
  auto got = run([]() -> Task<Result<int>> {
    auto set = SignalSet::open({SIGUSR1});
    if (!set) co_return Result<int>(set.error(), set.operation());
    kill(getpid(), SIGUSR1);
    co_return co_await set->wait();
  }());
  ASSERT_TRUE(got) << got.describe();
  EXPECT_EQ(*got, SIGUSR1);
}

// Sends `number` to the process, or to this (the shard's) thread only.
void send(int number, bool to_thread) {
  if (to_thread) {
    pthread_kill(pthread_self(), number);
  } else {
    kill(getpid(), number);
  }
}

Task<void> send_later(int number, bool to_thread, bool& sent) {
  (void)co_await time::sleep(10ms);
  send(number, to_thread);
  sent = true;
}

// Opens a set of `number` and waits; the signal comes 10 ms into the wait.
Task<Result<int>> wait_for_late(int number, bool to_thread) {
  auto set = SignalSet::open({number});
  if (!set) co_return Result<int>(set.error(), set.operation());
  bool sent = false;
  spawn(send_later(number, to_thread, sent));
  auto got = co_await set->wait();
  EXPECT_TRUE(sent);
  co_return got;
}

TEST_P(SignalTest, AProcessSignalArrivingDuringTheWaitEndsIt) {
  auto got = run(wait_for_late(SIGUSR2, false));
  ASSERT_TRUE(got) << got.describe();
  EXPECT_EQ(*got, SIGUSR2);
}

TEST_P(SignalTest, AThreadSignalArrivingDuringTheWaitEndsIt) {
  auto got = run(wait_for_late(SIGHUP, true));
  ASSERT_TRUE(got) << got.describe();
  EXPECT_EQ(*got, SIGHUP);
}

TEST_P(SignalTest, APendingThreadSignalIsReceived) {
  auto got = run([]() -> Task<Result<int>> {
    auto set = SignalSet::open({SIGHUP});
    if (!set) co_return Result<int>(set.error(), set.operation());
    send(SIGHUP, true);
    co_return co_await set->wait();
  }());
  ASSERT_TRUE(got) << got.describe();
  EXPECT_EQ(*got, SIGHUP);
}

TEST_P(SignalTest, EachSignalOfTheSetIsReportedOnce) {
  auto got = run([]() -> Task<std::vector<int>> {
    std::vector<int> numbers;
    auto set = SignalSet::open({SIGHUP, SIGUSR1});
    if (!set) co_return numbers;
    kill(getpid(), SIGUSR1);
    kill(getpid(), SIGHUP);
    for (int i = 0; i < 2; ++i) {
      auto number = co_await set->wait();
      numbers.push_back(number ? *number : -1);
    }
    co_return numbers;
  }());
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (std::vector<int>{SIGHUP, SIGUSR1}));
}

TEST_P(SignalTest, StoppingTheTokenCancelsTheWait) {
  auto got = run([]() -> Task<Result<int>> {
    auto set = SignalSet::open({SIGUSR1});
    if (!set) co_return Result<int>(set.error(), set.operation());
    StopSource stop;
    stop.request_stop();
    co_return co_await set->wait(stop.token());
  }());
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error(), std::errc::operation_canceled);
  EXPECT_STREQ(got.operation(), "signal wait");
}

TEST_P(SignalTest, UncatchableOrInvalidSignalsAreRejectedAndTheMaskIsUntouched) {
  run([]() -> Task<void> {
    for (int bad : {SIGKILL, SIGSTOP, 0, 1000}) {
      auto set = SignalSet::open({SIGUSR1, bad});
      EXPECT_EQ(set.error(), std::errc::invalid_argument) << "signal " << bad;
      EXPECT_STREQ(set.operation(), "sigaddset");
    }
    EXPECT_FALSE(blocked(SIGUSR1));
    co_return;
  }());
}

TEST_P(SignalTest, TheSetBlocksItsSignalsUntilDestroyed) {
  run([]() -> Task<void> {
    EXPECT_FALSE(blocked(SIGUSR2));
    {
      auto set = SignalSet::open({SIGUSR2});
      EXPECT_TRUE(set) << set.describe();
      EXPECT_TRUE(blocked(SIGUSR2));
      SignalSet moved = std::move(*set);
      EXPECT_TRUE(moved.is_open());
      EXPECT_FALSE(set->is_open());
    }
    EXPECT_FALSE(blocked(SIGUSR2));
    co_return;
  }());
}

TEST_P(SignalTest, AnEmptySetFailsToWait) {
  auto got = run([]() -> Task<Result<int>> {
    SignalSet empty;
    co_return co_await empty.wait();
  }());
  EXPECT_EQ(got.error(), std::errc::bad_file_descriptor);
}

}  // namespace
}  // namespace cio::signal
