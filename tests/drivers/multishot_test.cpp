// Multishot ops: AcceptMultishot over 1,000 connections, and RecvMultishot
// with a provided BufferRing that runs dry and is refilled mid-stream.
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <thread>
#include <vector>

#include "driver_test_util.hpp"

namespace cio::test {
namespace {

class MultishotTest : public DriverTest {};
CIO_INSTANTIATE_BACKENDS(MultishotTest);

TEST_P(MultishotTest, AcceptsAThousandConnections) {
  constexpr int kConnections = 1000;
  UniqueFd listener = tcp_listener(SOMAXCONN);
  AcceptMultishot accept(attach(listener.get()));
  CIO_REQUIRE_CAPABILITY(driver(), Capability::multishot_accept, accept);

  // Blocking connects from a helper thread; the backlog (SOMAXCONN) lets
  // them finish while this thread accepts as they come.
  const uint16_t port = local_port(listener.get());
  std::atomic<bool> done{false};
  std::atomic<int> connect_errors{0};
  std::thread clients([port, &done, &connect_errors] {
    const sockaddr_in addr = loopback(port);
    std::vector<UniqueFd> fds;
    fds.reserve(kConnections);
    for (int i = 0; i < kConnections && !done.load(); ++i) {
      UniqueFd fd = tcp_socket();
      if (connect(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) != 0) {
        ++connect_errors;
      }
      fds.push_back(std::move(fd));
    }
    while (!done.load()) std::this_thread::sleep_for(1ms);
  });
  ScopeExit stop_clients([&] {
    done = true;
    clients.join();
  });

  ASSERT_TRUE(driver().try_push(accept, 1));
  int accepted = 0;
  int rearmed = 0;
  std::array<Entry, 64> out{};
  const auto deadline = Clock::now() + 30s;
  while (accepted < kConnections && Clock::now() < deadline && connect_errors.load() == 0) {
    auto copied = driver().submit(50ms, out);
    ASSERT_TRUE(copied.has_value()) << copied.error().message();
    for (size_t i = 0; i < *copied; ++i) {
      const Entry& entry = out[i];
      ASSERT_EQ(entry.user_data, 1U);
      ASSERT_GE(entry.result, 0) << "accept #" << accepted << ": " << result_text(entry.result);
      EXPECT_EQ(::close(entry.result), 0) << "not an open descriptor: " << entry.result;
      ++accepted;
      if (!entry.more()) {  // the kernel disarmed it: arm it again
        ++rearmed;
        ASSERT_TRUE(driver().try_push(accept, 1));
      }
    }
  }
  EXPECT_EQ(connect_errors.load(), 0);
  EXPECT_EQ(accepted, kConnections);
  RecordProperty("rearmed", rearmed);
  ASSERT_TRUE(accept.in_flight()) << "a multishot accept stays armed";
  ASSERT_TRUE(driver().try_cancel(accept));
  const auto last = run_until(driver(), 1);
  ASSERT_EQ(last.size(), 1U);
  EXPECT_EQ(last[0].result, -ECANCELED) << result_text(last[0].result);
  EXPECT_FALSE(last[0].more());
  EXPECT_EQ(driver().in_flight(), 0U);
}

// 8 buffers of 4 KiB against 1 MiB: buffers are handed back only when the
// op ends with -ENOBUFS, so the ring runs dry about 32 times. Every byte must
// arrive once, in order.
TEST_P(MultishotTest, BufferRingRunsDryAndRefillsWithoutLosingBytes) {
  constexpr size_t kBytes = size_t{1} << 20;
  FdPair tcp = tcp_pair();
  BufferRing ring(7, 8, 4096);
  RecvMultishot recv(attach(tcp.b.get()), ring.group());
  if (!driver().supports(Capability::multishot_recv)) {
    if (GetParam() == BackendKind::io_uring) GTEST_SKIP() << "this kernel lacks multishot recv";
    EXPECT_TRUE(
        fails_with(driver().register_buffer_ring(ring), std::errc::operation_not_supported));
    expect_unsupported(driver(), recv);
    return;
  }
  ASSERT_TRUE(driver().register_buffer_ring(ring).has_value());

  const std::vector<std::byte> sent = random_bytes(kBytes, 0x5eed);
  const int sender_fd = tcp.a.get();
  std::thread sender([&sent, sender_fd] {
    if (write_all(sender_fd, sent.data(), sent.size())) ::shutdown(sender_fd, SHUT_WR);
  });
  ScopeExit stop_sender([&] {
    ::shutdown(sender_fd, SHUT_RDWR);  // unblocks the sender if we bailed out early
    sender.join();
  });

  std::vector<std::byte> received;
  received.reserve(kBytes);
  std::vector<uint16_t> held;  // copied out, not yet given back
  int dry = 0;
  bool eof = false;
  ASSERT_TRUE(driver().try_push(recv, 2));
  std::array<Entry, 16> out{};
  const auto deadline = Clock::now() + 20s;
  while (!eof && Clock::now() < deadline) {
    auto copied = driver().submit(50ms, out);
    ASSERT_TRUE(copied.has_value()) << copied.error().message();
    for (size_t i = 0; i < *copied; ++i) {
      const Entry& entry = out[i];
      ASSERT_EQ(entry.user_data, 2U);
      if (entry.result > 0) {
        const auto id = entry.buffer_id();
        ASSERT_TRUE(id.has_value()) << "data without a buffer id";
        const auto bytes = ring.buffer(*id, static_cast<uint32_t>(entry.result));
        received.insert(received.end(), bytes.begin(), bytes.end());
        held.push_back(*id);
      } else if (entry.result == 0) {
        eof = true;
        EXPECT_FALSE(entry.more()) << "EOF ends the op";
      } else {
        ASSERT_EQ(entry.result, -ENOBUFS) << result_text(entry.result);
        EXPECT_FALSE(entry.more()) << "-ENOBUFS ends the op";
        ++dry;
      }
      if (!entry.more() && !eof) {  // ended: refill the ring, arm again
        for (uint16_t id : held) ring.stage(id);
        ring.publish();
        held.clear();
        ASSERT_TRUE(driver().try_push(recv, 2));
      }
    }
  }
  ASSERT_TRUE(eof) << "got " << received.size() << " of " << kBytes << " bytes";
  EXPECT_GT(dry, 0) << "the ring never ran dry: nothing was tested";
  RecordProperty("ring_ran_dry", dry);
  ASSERT_EQ(received.size(), sent.size());
  EXPECT_EQ(std::memcmp(received.data(), sent.data(), kBytes), 0) << "bytes differ";
  EXPECT_EQ(recv.state(), OpState::idle);
  EXPECT_TRUE(driver().unregister_buffer_ring(ring).has_value());
}

}  // namespace
}  // namespace cio::test
