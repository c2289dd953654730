// The io_uring-native extras: MsgRing between drivers on two threads, SendZc
// and its notification, Splice. Without the capability they must complete
// with -EOPNOTSUPP (epoll) or skip (an older kernel).
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <future>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "driver_test_util.hpp"

namespace cio::test {
namespace {

class ExtrasTest : public DriverTest {};
CIO_INSTANTIATE_BACKENDS(ExtrasTest);

constexpr int kMessages = 10'000;
constexpr uint64_t kMessageBase = 1'000'000;
int32_t message_value(uint64_t index) { return static_cast<int32_t>(index * 7 + 3); }

// The receiving side of the MsgRing test: its own driver on its own thread.
struct Receiver {
  std::vector<int> seen = std::vector<int>(kMessages, 0);
  int received = 0;
  int wrong_value = 0;
  int stray = 0;
  std::string error;

  void consume(const Entry& entry) {
    if (entry.user_data < kMessageBase || entry.user_data >= kMessageBase + kMessages) {
      ++stray;
      return;
    }
    const uint64_t index = entry.user_data - kMessageBase;
    ++seen[index];
    ++received;
    if (entry.result != message_value(index)) ++wrong_value;
  }

  void run(DriverConfig config, std::promise<Driver*>& ready,
           const std::atomic<bool>& sender_done) {
    std::unique_ptr<Driver> driver;
    try {
      driver = std::make_unique<Driver>(config);
    } catch (...) {
      ready.set_exception(std::current_exception());
      return;
    }
    ready.set_value(driver.get());
    std::array<Entry, 64> out{};
    const auto deadline = Clock::now() + 30s;
    // Keep reaping a little after the sender is done, so that late and
    // duplicate entries are seen too.
    std::optional<Clock::time_point> stop_at;
    while (Clock::now() < deadline) {
      auto copied = driver->submit(10ms, out);
      if (!copied) {
        error = copied.error().message();
        break;
      }
      for (size_t i = 0; i < *copied; ++i) consume(out[i]);
      if (!stop_at && sender_done.load()) {
        stop_at = Clock::now() + (received >= kMessages ? 50ms : 1000ms);
      }
      if (stop_at && Clock::now() >= *stop_at) break;
    }
  }
};

TEST_P(ExtrasTest, MsgRingDeliversTenThousandMessagesToAnotherThread) {
  MsgRing probe(driver(), 1, 0);
  CIO_REQUIRE_CAPABILITY(driver(), Capability::msg_ring, probe);

  Receiver receiver;
  std::promise<Driver*> ready;
  std::atomic<bool> sender_done{false};
  std::thread thread([&, config = config()] { receiver.run(config, ready, sender_done); });
  auto finish = [&] {
    sender_done = true;
    if (thread.joinable()) thread.join();
  };
  ScopeExit stop(finish);
  auto future = ready.get_future();
  ASSERT_EQ(future.wait_for(5s), std::future_status::ready);
  Driver* target = future.get();

  // A pool of 128 MsgRing ops, each reused once its own entry is back.
  constexpr size_t kPool = 128;
  std::vector<MsgRing> pool(kPool, MsgRing(*target, 0, 0));
  std::vector<size_t> idle;
  for (size_t i = 0; i < kPool; ++i) idle.push_back(kPool - 1 - i);
  uint64_t next = 0;
  int failed_posts = 0;
  std::array<Entry, 64> out{};
  const auto deadline = Clock::now() + 20s;
  while ((next < kMessages || idle.size() < kPool) && Clock::now() < deadline) {
    while (next < kMessages && !idle.empty()) {
      const size_t slot = idle.back();
      pool[slot] = MsgRing(*target, kMessageBase + next, message_value(next));
      if (!driver().try_push(pool[slot], slot)) break;
      idle.pop_back();
      ++next;
    }
    auto copied = driver().submit(10ms, out);
    ASSERT_TRUE(copied.has_value()) << copied.error().message();
    for (size_t i = 0; i < *copied; ++i) {
      if (out[i].result != 0) ++failed_posts;
      idle.push_back(out[i].user_data);
    }
  }
  ASSERT_EQ(idle.size(), kPool) << "MsgRing ops still in flight";
  EXPECT_EQ(failed_posts, 0);
  finish();

  EXPECT_TRUE(receiver.error.empty()) << receiver.error;
  EXPECT_EQ(receiver.received, kMessages);
  EXPECT_EQ(receiver.stray, 0);
  EXPECT_EQ(receiver.wrong_value, 0);
  int missing = 0, duplicated = 0;
  for (int count : receiver.seen) {
    missing += count == 0 ? 1 : 0;
    duplicated += count > 1 ? 1 : 0;
  }
  EXPECT_EQ(missing, 0);
  EXPECT_EQ(duplicated, 0);
}

TEST_P(ExtrasTest, SendZcGivesTheResultThenTheNotification) {
  constexpr uint32_t kBytes = 64 * 1024;
  FdPair tcp = tcp_pair();
  const std::vector<std::byte> data = random_bytes(kBytes, 11);
  SendZc send(attach(tcp.a.get()), data.data(), kBytes);
  CIO_REQUIRE_CAPABILITY(driver(), Capability::send_zc, send);

  ASSERT_TRUE(driver().try_push(send, 3));
  const auto first = run_until(driver(), 1);  // one at a time: see the state in between
  ASSERT_EQ(first.size(), 1U);
  EXPECT_EQ(first[0].user_data, 3U);
  ASSERT_GT(first[0].result, 0) << result_text(first[0].result);
  EXPECT_LE(first[0].result, static_cast<int32_t>(kBytes));
  EXPECT_TRUE(first[0].more()) << "the notification is still to come";
  EXPECT_FALSE(first[0].notification());
  EXPECT_TRUE(send.in_flight()) << "the kernel may still read the buffer";
  EXPECT_EQ(driver().in_flight(), 1U);

  const auto second = run_until(driver(), 1);
  ASSERT_EQ(second.size(), 1U);
  EXPECT_EQ(second[0].user_data, 3U);
  EXPECT_TRUE(second[0].notification());
  EXPECT_FALSE(second[0].more());
  EXPECT_EQ(send.state(), OpState::idle);
  EXPECT_EQ(driver().in_flight(), 0U);

  std::vector<std::byte> got(static_cast<size_t>(first[0].result));
  ASSERT_TRUE(read_exact(tcp.b.get(), got.data(), got.size()));
  EXPECT_EQ(std::memcmp(got.data(), data.data(), got.size()), 0);
}

// A failed zero-copy send may or may not announce a notification (kEntryMore
// on its result); either way the op ends after its last entry.
TEST_P(ExtrasTest, SendZcFailureStillEndsTheOp) {
  const Fd bad{closed_fd()};
  SendZc send(bad, "x", 1);
  CIO_REQUIRE_CAPABILITY(driver(), Capability::send_zc, send);
  ASSERT_TRUE(driver().try_push(send, 12));
  const auto first = run_until(driver(), 1);
  ASSERT_EQ(first.size(), 1U);
  EXPECT_EQ(first[0].result, -EBADF) << result_text(first[0].result);
  if (first[0].more()) {
    const auto note = run_until(driver(), 1);
    ASSERT_EQ(note.size(), 1U);
    EXPECT_TRUE(note[0].notification());
    EXPECT_FALSE(note[0].more());
  }
  EXPECT_EQ(send.state(), OpState::idle);
  EXPECT_EQ(driver().in_flight(), 0U);
}

TEST_P(ExtrasTest, SpliceMovesFileBytesIntoAPipe) {
  TempDir dir;
  UniqueFd file = dir.make_file("source", "spliced bytes");
  FdPair pipe = make_pipe();
  const Fd in = attach(file.get());
  const Fd out = attach(pipe.b.get());
  Splice whole(in, 0, out, -1, 13);
  CIO_REQUIRE_CAPABILITY(driver(), Capability::splice, whole);

  EXPECT_EQ(run_one(driver(), whole).result, 13);
  char buf[16] = {};
  ASSERT_TRUE(read_exact(pipe.a.get(), buf, 13));
  EXPECT_EQ(std::string(buf, 13), "spliced bytes");

  Splice tail(in, 8, out, -1, 100);  // from offset 8; short: 5 bytes left
  EXPECT_EQ(run_one(driver(), tail).result, 5);
  ASSERT_TRUE(read_exact(pipe.a.get(), buf, 5));
  EXPECT_EQ(std::string(buf, 5), "bytes");

  UniqueFd other = dir.make_file("other", "");
  Splice no_pipe(in, 0, attach(other.get()), 0, 4);  // neither end is a pipe
  const Entry entry = run_one(driver(), no_pipe);
  EXPECT_EQ(entry.result, -EINVAL) << result_text(entry.result);
}

}  // namespace
}  // namespace cio::test
