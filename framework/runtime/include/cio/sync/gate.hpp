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

/// Counts the holders of one shard's work in progress; closing waits for
/// them. Immovable: holders and closers point at it.
class Gate {
 public:
  class Holder;
  class Close;

  /// Open, with no holder.
  Gate() noexcept = default;
  Gate(const Gate&) = delete;             ///< Holders point at it.
  Gate& operator=(const Gate&) = delete;  ///< Holders point at it.

  /// Enters the gate; the returned Holder leaves it when destroyed or reset.
  /// Fails with kClosed ("gate enter") once close() was called. The gate must
  /// outlive its holders.
  Result<Holder> enter() noexcept;
  /// Closes the gate now (later enter() calls fail) and returns an awaitable
  /// that waits until no holder is left. Stopping `token` ends that wait with
  /// operation_canceled ("gate close"); the gate stays closed.
  Close close(StopToken token = {}) noexcept;

  /// True once close() was called (the gate never reopens).
  bool is_closed() const noexcept { return closed_; }
  /// Holders not yet left.
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
  /// Holds nothing.
  Holder() noexcept = default;
  /// Takes `other`'s entry; `other` holds nothing after.
  Holder(Holder&& other) noexcept : gate_(other.gate_) { other.gate_ = nullptr; }
  /// Leaves this one's gate (as reset()), then takes `other`'s entry.
  Holder& operator=(Holder&& other) noexcept;
  /// Leaves the gate, if still held.
  ~Holder() { reset(); }

  /// Leaves the gate now, if still held. The last holder to leave a closed
  /// gate wakes its close() waiters.
  void reset() noexcept;
  /// True while this Holder is inside a gate.
  bool holds() const noexcept { return gate_ != nullptr; }

 private:
  friend class Gate;
  explicit Holder(Gate& gate) noexcept : gate_(&gate) {}

  Gate* gate_ = nullptr;
};

/// The awaitable close() returns. Await it once, where it was made.
class [[nodiscard]] Gate::Close : detail::Waiter {
 public:
  /// True (no suspension) when no holder is left.
  bool await_ready() const noexcept { return gate_.holders_ == 0; }
  /// Parks the closer until the last holder leaves or its token is stopped.
  void await_suspend(std::coroutine_handle<> handle) noexcept { park(gate_.closers_, handle); }
  /// Success, or operation_canceled named "gate close".
  Result<void> await_resume() const noexcept { return result("gate close"); }

 private:
  friend class Gate;
  Close(Gate& gate, StopToken token) noexcept : Waiter(std::move(token)), gate_(gate) {}

  Gate& gate_;
};

}  // namespace cio::sync
