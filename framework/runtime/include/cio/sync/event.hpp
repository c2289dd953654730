/// @file
/// Event: a flag coroutines can wait for. set() wakes every waiter and stays
/// set until reset(); a wait that starts while it is set returns at once.
#pragma once

#include <coroutine>

#include <cio/core/stop.hpp>
#include <cio/driver/result.hpp>
#include <cio/sync/waiter.hpp>

namespace cio::sync {

class Event {
 public:
  class Wait;

  Event() noexcept = default;
  Event(const Event&) = delete;
  Event& operator=(const Event&) = delete;

  /// Sets the flag and wakes every waiter (they resume later, from the
  /// runtime's ready queue, even if reset() comes first).
  void set() noexcept;
  void reset() noexcept { set_ = false; }
  bool is_set() const noexcept { return set_; }

  /// Awaitable: returns once the event is set. Stopping `token` while it
  /// waits ends it with operation_canceled ("event wait").
  Wait wait(StopToken token = {}) noexcept;

 private:
  bool set_ = false;
  detail::WaiterList waiters_;
};

class [[nodiscard]] Event::Wait : detail::Waiter {
 public:
  bool await_ready() const noexcept { return event_.set_; }
  void await_suspend(std::coroutine_handle<> handle) noexcept { park(event_.waiters_, handle); }
  Result<void> await_resume() const noexcept { return result("event wait"); }

 private:
  friend class Event;
  Wait(Event& event, StopToken token) noexcept : Waiter(std::move(token)), event_(event) {}

  Event& event_;
};

}  // namespace cio::sync
