#include <cio/stop.hpp>

namespace cio {

void StopCallbackBase::register_with(const StopToken& token) noexcept {
  detail::StopState* state = token.state();
  if (state == nullptr) return;
  if (state->stopped) {
    on_stop();
    return;
  }
  state_ = state;
  prev_ = state->tail;
  if (state->tail != nullptr) {
    state->tail->next_ = this;
  } else {
    state->head = this;
  }
  state->tail = this;
}

void StopCallbackBase::unregister() noexcept {
  if (state_ == nullptr) return;
  if (prev_ != nullptr) {
    prev_->next_ = next_;
  } else {
    state_->head = next_;
  }
  if (next_ != nullptr) {
    next_->prev_ = prev_;
  } else {
    state_->tail = prev_;
  }
  state_ = nullptr;
  prev_ = next_ = nullptr;
}

bool StopSource::request_stop() noexcept {
  if (state_->stopped) return false;
  state_->stopped = true;
  // Each callback leaves the list before it runs, so it may destroy itself.
  while (StopCallbackBase* callback = state_->head) {
    callback->unregister();
    callback->on_stop();
  }
  return true;
}

}  // namespace cio
