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

class StopToken {
 public:
  StopToken() noexcept = default;
  explicit StopToken(detail::StopStateRef state) noexcept : state_(std::move(state)) {}
  bool stop_possible() const noexcept { return static_cast<bool>(state_); }
  bool stop_requested() const noexcept { return state_ && state_->stopped; }
  detail::StopState* state() const noexcept { return state_.get(); }

 private:
  detail::StopStateRef state_;
};

/// Runs on_stop() once when the token's source is stopped while registered
/// (at once, in the constructor, if it already was).
class StopCallbackBase {
 public:
  StopCallbackBase(const StopCallbackBase&) = delete;
  StopCallbackBase& operator=(const StopCallbackBase&) = delete;

 protected:
  StopCallbackBase() noexcept = default;
  ~StopCallbackBase() = default;  ///< the derived class unregisters, while on_stop() still works
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
  void unregister() noexcept {
    if (state_ == nullptr) return;
    (prev_ != nullptr ? prev_->next_ : state_->head) = next_;
    (next_ != nullptr ? next_->prev_ : state_->tail) = prev_;
    state_ = nullptr;
    prev_ = next_ = nullptr;
  }
  virtual void on_stop() noexcept = 0;

 private:
  friend class StopSource;
  detail::StopState* state_ = nullptr;
  StopCallbackBase* prev_ = nullptr;
  StopCallbackBase* next_ = nullptr;
};

template <typename Fn>
class StopCallback final : public StopCallbackBase {
 public:
  StopCallback(const StopToken& token, Fn fn) noexcept : fn_(std::move(fn)) {
    register_with(token);
  }
  ~StopCallback() { unregister(); }

 private:
  void on_stop() noexcept override { fn_(); }
  Fn fn_;
};

class StopSource {
 public:
  StopSource() : state_(new detail::StopState) {}
  StopToken token() const noexcept { return StopToken(state_); }
  bool stop_requested() const noexcept { return state_->stopped; }
  /// Returns false if it was already stopped.
  bool request_stop() noexcept;

 private:
  detail::StopStateRef state_;
};

}  // namespace cio
