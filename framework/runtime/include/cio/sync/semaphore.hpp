/// @file
/// Semaphore: a counting semaphore for one shard, fair in FIFO order. A
/// waiter that needs more units than are free blocks those behind it, so a
/// large acquire is never starved by small ones.
///
///   cio::sync::Semaphore slots(16);
///   if (auto got = co_await slots.acquire(); got) { ...; slots.release(); }
#pragma once

#include <coroutine>
#include <cstddef>

#include <cio/core/stop.hpp>
#include <cio/driver/result.hpp>
#include <cio/sync/waiter.hpp>

namespace cio::sync {

class Semaphore {
 public:
  class Acquire;

  explicit Semaphore(size_t units) noexcept;
  Semaphore(const Semaphore&) = delete;
  Semaphore& operator=(const Semaphore&) = delete;

  /// Awaitable: takes `units` once they are free and every earlier waiter is
  /// served. Stopping `token` while it waits ends it with operation_canceled
  /// ("semaphore acquire") and takes nothing; an acquire that can succeed at
  /// once does, whatever the token says.
  Acquire acquire(size_t units = 1, StopToken token = {}) noexcept;
  /// Takes `units` now if they are free and nobody waits; false otherwise.
  [[nodiscard]] bool try_acquire(size_t units = 1) noexcept;
  /// Returns `units` and hands them to waiters in FIFO order (they resume
  /// later, from the runtime's ready queue).
  void release(size_t units = 1) noexcept;

  size_t available() const noexcept { return available_; }
  size_t waiting() const noexcept { return waiters_.size(); }

 private:
  static void serve(void* self) noexcept;
  void serve_waiters() noexcept;

  size_t available_;
  detail::WaiterList waiters_;
};

class [[nodiscard]] Semaphore::Acquire : detail::Waiter {
 public:
  bool await_ready() noexcept { return semaphore_.try_acquire(units_); }
  void await_suspend(std::coroutine_handle<> handle) noexcept { park(semaphore_.waiters_, handle); }
  Result<void> await_resume() const noexcept { return result("semaphore acquire"); }

 private:
  friend class Semaphore;
  Acquire(Semaphore& semaphore, size_t units, StopToken token) noexcept
      : Waiter(std::move(token)), semaphore_(semaphore), units_(units) {}

  Semaphore& semaphore_;
  size_t units_;
};

}  // namespace cio::sync
