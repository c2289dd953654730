/// @file
/// The parking machinery shared by the sync primitives. A Waiter is an
/// intrusive FIFO node inside the awaitable, and so inside the waiting
/// coroutine's frame: no allocation per wait. A primitive wakes a waiter by
/// unlinking it and scheduling its coroutine on the Runtime (never resuming
/// it inline, so a set() or release() cannot recurse without bound); a stop
/// of the waiter's token unlinks it and wakes it with canceled.
#pragma once

#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <system_error>

#include <cio/core/stop.hpp>
#include <cio/driver/result.hpp>

namespace cio::sync {

/// The error a closed Gate or Channel reports, like a write to a pipe whose
/// reader has gone: compare with `result.error() == cio::sync::kClosed`.
inline constexpr std::errc kClosed = std::errc::broken_pipe;

namespace detail {

class WaiterList;

enum class WaitStatus : uint8_t { pending, woken, canceled, closed };

class Waiter {
 public:
  explicit Waiter(StopToken token) noexcept : token_(std::move(token)) {}
  Waiter(const Waiter&) = delete;
  Waiter& operator=(const Waiter&) = delete;
  // Unlinks a waiter whose frame is destroyed while parked (runtime shutdown).
  ~Waiter();

  // Links at the back of `list` and arms the token (a token already stopped
  // wakes it at once with canceled).
  void park(WaiterList& list, std::coroutine_handle<> handle) noexcept;
  // Ends an unlinked wait with `status` and schedules the coroutine.
  void wake(WaitStatus status) noexcept;
  // Ends a wait that never parked (the awaitable was ready at once).
  void settle(WaitStatus status) noexcept { status_ = status; }
  WaitStatus status() const noexcept { return status_; }
  // Success unless canceled (operation_canceled) or closed (kClosed); errors
  // name `operation`.
  Result<void> result(const char* operation) const noexcept;

 private:
  friend class WaiterList;
  struct OnStop {
    Waiter* self;
    void operator()() const noexcept;
  };

  Waiter* prev_ = nullptr;
  Waiter* next_ = nullptr;
  WaiterList* list_ = nullptr;
  std::coroutine_handle<> handle_;
  StopToken token_;  // declared before on_stop_, which refers to its state
  std::optional<StopCallback<OnStop>> on_stop_;
  WaitStatus status_ = WaitStatus::pending;
};

// A FIFO of parked waiters. Immovable (waiters point at it), and so are the
// primitives that hold one.
class WaiterList {
 public:
  // Runs after a stop unlinks a waiter, so the owner can serve the next one.
  using CancelHook = void (*)(void* owner) noexcept;

  WaiterList() noexcept = default;
  WaiterList(CancelHook after_cancel, void* owner) noexcept
      : after_cancel_(after_cancel), owner_(owner) {}
  WaiterList(const WaiterList&) = delete;
  WaiterList& operator=(const WaiterList&) = delete;
  // Forgets waiters still parked; their frames stay suspended until the
  // runtime frees them.
  ~WaiterList();

  bool empty() const noexcept { return head_ == nullptr; }
  size_t size() const noexcept { return size_; }
  Waiter* front() const noexcept { return head_; }
  Waiter* pop_front() noexcept;
  // Pops every waiter and wakes each with `status`, oldest first.
  void wake_all(WaitStatus status) noexcept;

 private:
  friend class Waiter;
  void push_back(Waiter& waiter) noexcept;
  void remove(Waiter& waiter) noexcept;
  void cancel(Waiter& waiter) noexcept;

  Waiter* head_ = nullptr;
  Waiter* tail_ = nullptr;
  size_t size_ = 0;
  CancelHook after_cancel_ = nullptr;
  void* owner_ = nullptr;
};

}  // namespace detail
}  // namespace cio::sync
