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

/// Units shared by the coroutines of one shard. Immovable: waiters point
/// at it, so it must outlive every pending acquire().
class Semaphore {
 public:
  class Acquire;

  /// Starts with `units` free.
  explicit Semaphore(size_t units) noexcept;
  Semaphore(const Semaphore&) = delete;             ///< Waiters point at it.
  Semaphore& operator=(const Semaphore&) = delete;  ///< Waiters point at it.

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

  /// Units free now.
  size_t available() const noexcept { return available_; }
  /// Acquires parked, waiting for units.
  size_t waiting() const noexcept { return waiters_.size(); }

 private:
  static void serve(void* self) noexcept;
  void serve_waiters() noexcept;

  size_t available_;
  detail::WaiterList waiters_;
};

/// The awaitable acquire() returns. Await it once, where it was made.
class [[nodiscard]] Semaphore::Acquire : detail::Waiter {
 public:
  /// Takes the units at once (no suspension) if free and nobody waits.
  bool await_ready() noexcept { return semaphore_.try_acquire(units_); }
  /// Parks the acquire at the back of the FIFO; release() hands it the
  /// units before waking it.
  void await_suspend(std::coroutine_handle<> handle) noexcept { park(semaphore_.waiters_, handle); }
  /// Success (the units are held), or operation_canceled named "semaphore acquire".
  Result<void> await_resume() const noexcept { return result("semaphore acquire"); }

 private:
  friend class Semaphore;
  Acquire(Semaphore& semaphore, size_t units, StopToken token) noexcept
      : Waiter(std::move(token)), semaphore_(semaphore), units_(units) {}

  Semaphore& semaphore_;
  size_t units_;
};

}  // namespace cio::sync
