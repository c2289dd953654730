// Helpers for the net tests: a latch to join spawned tasks, random
// payloads, a generic echo handler and the descriptor limit.
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

#include <cio/runtime.hpp>
#include <cio/task.hpp>

#include "fs/co_assert.hpp"

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

}  // namespace cio::testing
