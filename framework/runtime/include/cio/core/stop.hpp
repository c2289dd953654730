/// @file
/// Shard-local cancellation: StopSource / StopToken / StopCallback, shaped
/// like std::stop_source but without atomics, because everything that
/// touches one lives on one shard. Stopping runs the registered callbacks
/// (an awaited op's callback cancels the op) in registration order.
#pragma once

#include <cstdint>
#include <utility>

namespace cio {

class StopCallbackBase;

namespace detail {
struct StopState {
  uint32_t references = 0;  // the sources and tokens that share it
  bool stopped = false;
  StopCallbackBase* head = nullptr;
  StopCallbackBase* tail = nullptr;
};

// A counted reference to a StopState. Plain counts: awaited ops copy tokens,
// and an atomic count per op would buy nothing on one shard.
class StopStateRef {
 public:
  StopStateRef() noexcept = default;
  explicit StopStateRef(StopState* state) noexcept : state_(state) { acquire(); }
  StopStateRef(const StopStateRef& other) noexcept : state_(other.state_) { acquire(); }
  StopStateRef(StopStateRef&& other) noexcept : state_(std::exchange(other.state_, nullptr)) {}
  StopStateRef& operator=(StopStateRef other) noexcept {
    std::swap(state_, other.state_);
    return *this;
  }
  ~StopStateRef() {
    if (state_ != nullptr && --state_->references == 0) destroy(state_);
  }

  StopState* get() const noexcept { return state_; }
  StopState* operator->() const noexcept { return state_; }
  explicit operator bool() const noexcept { return state_ != nullptr; }

 private:
  void acquire() noexcept {
    if (state_ != nullptr) ++state_->references;
  }
  // Out of line: inlined, GCC 12 at -O2 takes two references' releases for
  // a use after free (-Wuse-after-free), and the last release is rare.
  static void destroy(StopState* state) noexcept;

  StopState* state_ = nullptr;
};
}  // namespace detail

/// A view of a StopSource's state, passed to the calls it can cancel.
/// Cheap to copy (a plain reference count); it keeps the state alive after
/// the source is gone. Use it on the source's shard only.
class StopToken {
 public:
  /// A token with no source: never stopped (stop_possible() is false).
  StopToken() noexcept = default;
  /// Shares `state` (made by StopSource::token()).
  explicit StopToken(detail::StopStateRef state) noexcept : state_(std::move(state)) {}
  /// True if the token has a source, so it could be stopped.
  bool stop_possible() const noexcept { return static_cast<bool>(state_); }
  /// True once the source's request_stop() has been called.
  bool stop_requested() const noexcept { return state_ && state_->stopped; }
  /// The shared state (nullptr without a source), for StopCallbackBase.
  detail::StopState* state() const noexcept { return state_.get(); }

 private:
  detail::StopStateRef state_;
};

/// Base of objects that react to a stop: runs on_stop() once when the
/// token's source is stopped while registered (at once, inside
/// register_with(), if it already was). Callbacks run in registration order,
/// inside request_stop(), on the shard's thread.
class StopCallbackBase {
 public:
  StopCallbackBase(const StopCallbackBase&) = delete;  ///< The source's list points at it.
  StopCallbackBase& operator=(const StopCallbackBase&) = delete;  ///< The list points at it.

 protected:
  /// Not registered yet: call register_with().
  StopCallbackBase() noexcept = default;
  ~StopCallbackBase() = default;  ///< the derived class unregisters, while on_stop() still works
  /// Joins `token`'s source's list (no-op for a token without a source).
  /// Inline: every awaited op with a token registers and unregisters once.
  void register_with(const StopToken& token) noexcept {
    detail::StopState* state = token.state();
    if (state == nullptr) return;
    if (state->stopped) {
      on_stop();
      return;
    }
    state_ = state;
    prev_ = state->tail;
    (prev_ != nullptr ? prev_->next_ : state->head) = this;
    state->tail = this;
  }
  /// Leaves the list; on_stop() will not run. A no-op if not registered
  /// (never registered, already ran, or already unregistered).
  void unregister() noexcept {
    if (state_ == nullptr) return;
    (prev_ != nullptr ? prev_->next_ : state_->head) = next_;
    (next_ != nullptr ? next_->prev_ : state_->tail) = prev_;
    state_ = nullptr;
    prev_ = next_ = nullptr;
  }
  /// The reaction to the stop. It is unregistered before it runs, so it may
  /// destroy the object.
  virtual void on_stop() noexcept = 0;

 private:
  friend class StopSource;
  detail::StopState* state_ = nullptr;
  StopCallbackBase* prev_ = nullptr;
  StopCallbackBase* next_ = nullptr;
};

/// Calls `fn()` once if `token`'s source is stopped while this object
/// lives (at once, in the constructor, if it already was). Unregisters on
/// destruction. `fn` must not throw.
template <typename Fn>
class StopCallback final : public StopCallbackBase {
 public:
  /// Registers with `token`; a token without a source never calls `fn`.
  StopCallback(const StopToken& token, Fn fn) noexcept : fn_(std::move(fn)) {
    register_with(token);
  }
  /// Unregisters: `fn` is not called after this.
  ~StopCallback() { unregister(); }

 private:
  void on_stop() noexcept override { fn_(); }
  Fn fn_;
};

/// Owner of a stop state: hand out token()s, then request_stop() once.
/// Allocates the shared state at construction; copies share it.
class StopSource {
 public:
  /// A fresh, unstopped state (allocated; may throw std::bad_alloc).
  StopSource() : state_(new detail::StopState) {}
  /// A token sharing this source's state.
  StopToken token() const noexcept { return StopToken(state_); }
  /// True once request_stop() has been called.
  bool stop_requested() const noexcept { return state_->stopped; }
  /// Marks the state stopped and runs the registered callbacks, in
  /// registration order, before returning. Returns false (and runs nothing)
  /// if it was already stopped.
  bool request_stop() noexcept;

 private:
  detail::StopStateRef state_;
};

}  // namespace cio
