/// @file
/// Gate: tracks work in progress so shutdown can wait for it. Each piece of
/// work holds the gate open; close() refuses new entries and waits until the
/// last holder has left.
///
///   auto held = gate.enter();
///   if (!held) co_return;  // shutting down
///   ...                    // `*held` leaves the gate when it goes out of scope
///   co_await gate.close();  // elsewhere, at shutdown
#pragma once

#include <coroutine>
#include <cstddef>

#include <cio/core/stop.hpp>
#include <cio/driver/result.hpp>
#include <cio/sync/waiter.hpp>

namespace cio::sync {

class Gate {
 public:
  class Holder;
  class Close;

  Gate() noexcept = default;
  Gate(const Gate&) = delete;
  Gate& operator=(const Gate&) = delete;

  /// Enters the gate; the returned Holder leaves it when destroyed or reset.
  /// Fails with kClosed ("gate enter") once close() was called. The gate must
  /// outlive its holders.
  Result<Holder> enter() noexcept;
  /// Closes the gate now (later enter() calls fail) and returns an awaitable
  /// that waits until no holder is left. Stopping `token` ends that wait with
  /// operation_canceled ("gate close"); the gate stays closed.
  Close close(StopToken token = {}) noexcept;

  bool is_closed() const noexcept { return closed_; }
  size_t holders() const noexcept { return holders_; }

 private:
  void leave() noexcept;

  size_t holders_ = 0;
  bool closed_ = false;
  detail::WaiterList closers_;
};

/// One entry into a Gate, left once: on destruction, on reset(), or never if
/// moved from. An empty Holder (default-made) holds nothing.
class Gate::Holder {
 public:
  Holder() noexcept = default;
  Holder(Holder&& other) noexcept : gate_(other.gate_) { other.gate_ = nullptr; }
  Holder& operator=(Holder&& other) noexcept;
  ~Holder() { reset(); }

  /// Leaves the gate now, if still held.
  void reset() noexcept;
  bool holds() const noexcept { return gate_ != nullptr; }

 private:
  friend class Gate;
  explicit Holder(Gate& gate) noexcept : gate_(&gate) {}

  Gate* gate_ = nullptr;
};

class [[nodiscard]] Gate::Close : detail::Waiter {
 public:
  bool await_ready() const noexcept { return gate_.holders_ == 0; }
  void await_suspend(std::coroutine_handle<> handle) noexcept { park(gate_.closers_, handle); }
  Result<void> await_resume() const noexcept { return result("gate close"); }

 private:
  friend class Gate;
  Close(Gate& gate, StopToken token) noexcept : Waiter(std::move(token)), gate_(gate) {}

  Gate& gate_;
};

}  // namespace cio::sync
