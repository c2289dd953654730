/// @file
/// Event: a flag coroutines can wait for. set() wakes every waiter and stays
/// set until reset(); a wait that starts while it is set returns at once.
#pragma once

#include <coroutine>

#include <cio/core/stop.hpp>
#include <cio/driver/result.hpp>
#include <cio/sync/waiter.hpp>

namespace cio::sync {

/// A manual-reset event for the coroutines of one shard. Immovable:
/// waiters point at it, so it must outlive every pending wait().
class Event {
 public:
  class Wait;

  /// Not set.
  Event() noexcept = default;
  Event(const Event&) = delete;             ///< Waiters point at it.
  Event& operator=(const Event&) = delete;  ///< Waiters point at it.

  /// Sets the flag and wakes every waiter (they resume later, from the
  /// runtime's ready queue, even if reset() comes first).
  void set() noexcept;
  /// Clears the flag; later waits block until the next set().
  void reset() noexcept { set_ = false; }
  /// True between set() and reset().
  bool is_set() const noexcept { return set_; }

  /// Awaitable: returns once the event is set. Stopping `token` while it
  /// waits ends it with operation_canceled ("event wait").
  Wait wait(StopToken token = {}) noexcept;

 private:
  bool set_ = false;
  detail::WaiterList waiters_;
};

/// The awaitable wait() returns. Await it once, where it was made.
class [[nodiscard]] Event::Wait : detail::Waiter {
 public:
  /// True (no suspension) if the event is set.
  bool await_ready() const noexcept { return event_.set_; }
  /// Parks the waiter until set() or a stop of its token.
  void await_suspend(std::coroutine_handle<> handle) noexcept { park(event_.waiters_, handle); }
  /// Success, or operation_canceled named "event wait".
  Result<void> await_resume() const noexcept { return result("event wait"); }

 private:
  friend class Event;
  Wait(Event& event, StopToken token) noexcept : Waiter(std::move(token)), event_(event) {}

  Event& event_;
};

}  // namespace cio::sync
