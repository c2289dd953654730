// Helpers for the net tests: a latch to join spawned tasks, random
// payloads, a generic echo handler, a delayed stop, a connected loopback TCP
// pair and the descriptor limit.
#pragma once

#include <gtest/gtest.h>
#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <random>
#include <span>
#include <utility>
#include <vector>

#include <cio/core/runtime.hpp>
#include <cio/core/stop.hpp>
#include <cio/core/task.hpp>
#include <cio/detail/named_op.hpp>
#include <cio/net/tcp_listener.hpp>
#include <cio/net/tcp_stream.hpp>

#include <cio/testing/co_assert.hpp>

namespace cio::testing {

// Resumes one waiting coroutine when count_down() has been called `count` times.
class Latch {
 public:
  explicit Latch(size_t count) noexcept : count_(count) {}
  void count_down() noexcept {
    if (--count_ == 0 && waiter_) Runtime::current().schedule(std::exchange(waiter_, {}));
  }
  auto wait() noexcept {
    struct Awaiter {
      Latch* latch;
      bool await_ready() const noexcept { return latch->count_ == 0; }
      void await_suspend(std::coroutine_handle<> waiter) noexcept { latch->waiter_ = waiter; }
      void await_resume() const noexcept {}
    };
    return Awaiter{this};
  }

 private:
  size_t count_;
  std::coroutine_handle<> waiter_;
};

inline std::vector<std::byte> random_bytes(size_t size, uint64_t seed) {
  std::mt19937_64 engine(seed);
  std::vector<std::byte> bytes(size);
  for (auto& byte : bytes) byte = static_cast<std::byte>(engine());
  return bytes;
}

// Raises the soft RLIMIT_NOFILE towards the hard limit when below `needed`;
// false if the hard limit is too low.
inline bool ensure_fd_limit(rlim_t needed) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return false;
  if (limit.rlim_cur >= needed) return true;
  limit.rlim_cur = limit.rlim_max;
  return setrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur >= needed;
}

// Echoes everything it reads until end of stream or an error, then
// counts `done` down (if given).
template <typename Stream>
Task<void> echo(Stream stream, Latch* done = nullptr) {
  std::array<std::byte, 4096> buffer{};
  for (;;) {
    auto got = co_await stream.read(buffer);
    if (!got || *got == 0) break;
    auto sent = co_await stream.write_all(std::span(buffer).first(*got));
    if (!sent) break;
  }
  if (done != nullptr) done->count_down();
}

// Stops `source`; spawned, it runs once the spawner waits.
inline Task<void> stop_later(StopSource* source) {
  source->request_stop();
  co_return;
}

// Writes `payload`, reads the same number of bytes back and compares.
template <typename Stream>
Task<void> expect_echoed(Stream& stream, std::span<const std::byte> payload) {
  auto sent = co_await stream.write_all(payload);
  CIO_CO_ASSERT_OK(sent);
  std::vector<std::byte> back(payload.size());
  auto got = co_await stream.read_exact(back);
  CIO_CO_ASSERT_OK(got);
  EXPECT_TRUE(std::equal(back.begin(), back.end(), payload.begin(), payload.end()));
}

// A loopback TCP connection: the listener, the side that connected and the
// side the listener accepted.
struct TcpConnection {
  net::TcpListener listener;
  net::TcpStream client;
  net::TcpStream server;
};

// Binds a listener on `local` (port 0: the kernel picks one), connects to
// it and accepts; on failure, the error of the step that failed.
inline Task<Result<TcpConnection>> connect_tcp(
    net::SocketAddress local = net::SocketAddress::ipv4_loopback()) {
  auto listener = net::TcpListener::bind(local);
  if (!listener) co_return cio::detail::error_of<TcpConnection>(listener);
  auto address = listener->local_address();
  if (!address) co_return cio::detail::error_of<TcpConnection>(address);
  auto client = co_await net::TcpStream::connect(*address);
  if (!client) co_return cio::detail::error_of<TcpConnection>(client);
  auto server = co_await listener->accept();
  if (!server) co_return cio::detail::error_of<TcpConnection>(server);
  co_return TcpConnection{std::move(*listener), std::move(*client), std::move(*server)};
}

}  // namespace cio::testing
