// Helpers shared by the runtime tests: a lifetime-counting type that proves
// coroutine frames are freed, descriptors that close themselves, and waits
// that yield to the loop with a bound, so that no test can hang.
#pragma once

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <coroutine>
#include <cstdint>
#include <system_error>
#include <utility>

#include <cio/core/op_awaitable.hpp>
#include <cio/core/runtime.hpp>
#include <cio/core/task.hpp>
#include <cio/detail/sanitizer.hpp>

namespace cio::testing {

using detail::kAddressSanitizer;

// Passed by value into a coroutine, its copy lives in the frame: live()
// counts the frames not yet destroyed.
class Tracked {
 public:
  Tracked() noexcept { ++live_; }
  Tracked(const Tracked&) noexcept { ++live_; }
  ~Tracked() { --live_; }
  static int64_t live() noexcept { return live_; }

 private:
  static inline int64_t live_ = 0;
};

// How many Tracked objects appeared (and were not destroyed) since it was made.
class LeakCheck {
 public:
  int64_t leaked() const noexcept { return Tracked::live() - start_; }

 private:
  int64_t start_ = Tracked::live();
};

class UniqueFd {
 public:
  explicit UniqueFd(int fd = -1) noexcept : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&&) = delete;
  ~UniqueFd() {
    if (fd_ >= 0) close(fd_);
  }
  int get() const noexcept { return fd_; }

 private:
  int fd_;
};

// pipe: `a` reads, `b` writes. socketpair: two connected stream ends.
struct FdPair {
  UniqueFd a;
  UniqueFd b;
};

inline FdPair make_pipe() {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) throw std::system_error(errno, std::system_category(), "pipe2");
  return {UniqueFd(fds[0]), UniqueFd(fds[1])};
}

inline FdPair make_socketpair() {
  int fds[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
    throw std::system_error(errno, std::system_category(), "socketpair");
  }
  return {UniqueFd(fds[0]), UniqueFd(fds[1])};
}

// The loop gets a turn: one awaited Nop (whose result is of no interest).
struct Yield : OpAwaitable<Nop> {
  void await_resume() const noexcept {}
};
inline Yield yield() { return Yield(); }

// Back on the ready queue at once: a yield that involves no IO.
struct Reschedule {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> self) const { Runtime::current().schedule(self); }
  void await_resume() const noexcept {}
};

// Yields until every spawned task finished, at most `max_yields` times.
// Returns whether they all did.
inline Task<bool> all_spawned_done(uint32_t max_yields = 100'000) {
  Runtime& runtime = Runtime::current();
  for (uint32_t i = 0; i < max_yields && runtime.live_tasks() > 0; ++i) co_await yield();
  co_return runtime.live_tasks() == 0;
}

// True when `result` failed with operation_canceled.
inline bool canceled(const Result<uint32_t>& result) {
  return !result.has_value() && result.error() == std::errc::operation_canceled;
}

}  // namespace cio::testing
