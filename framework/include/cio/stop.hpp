// Shard-local cancellation: StopSource / StopToken / StopCallback, shaped
// like std::stop_source but without atomics, because everything that
// touches one lives on one shard. Stopping runs the registered callbacks
// (an awaited op's callback cancels the op) in registration order.
#pragma once

#include <memory>

namespace cio {

class StopCallbackBase;

namespace detail {
struct StopState {
  bool stopped = false;
  StopCallbackBase* head = nullptr;
  StopCallbackBase* tail = nullptr;
};
}  // namespace detail

class StopToken {
 public:
  StopToken() noexcept = default;
  explicit StopToken(std::shared_ptr<detail::StopState> state) noexcept
      : state_(std::move(state)) {}
  bool stop_possible() const noexcept { return state_ != nullptr; }
  bool stop_requested() const noexcept { return state_ && state_->stopped; }
  detail::StopState* state() const noexcept { return state_.get(); }

 private:
  std::shared_ptr<detail::StopState> state_;
};

// Runs on_stop() once when the token's source is stopped while registered
// (at once, in the constructor, if it already was).
class StopCallbackBase {
 public:
  StopCallbackBase(const StopCallbackBase&) = delete;
  StopCallbackBase& operator=(const StopCallbackBase&) = delete;

 protected:
  StopCallbackBase() noexcept = default;
  ~StopCallbackBase() { unregister(); }
  void register_with(const StopToken& token) noexcept;
  void unregister() noexcept;
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
  StopSource() : state_(std::make_shared<detail::StopState>()) {}
  StopToken token() const noexcept { return StopToken(state_); }
  bool stop_requested() const noexcept { return state_->stopped; }
  // Returns false if it was already stopped.
  bool request_stop() noexcept;

 private:
  std::shared_ptr<detail::StopState> state_;
};

}  // namespace cio
