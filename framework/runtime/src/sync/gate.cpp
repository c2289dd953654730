#include <cio/sync/gate.hpp>

#include <utility>

namespace cio::sync {

Result<Gate::Holder> Gate::enter() noexcept {
  if (closed_) return Result<Holder>(std::make_error_code(kClosed), "gate enter");
  ++holders_;
  return Holder(*this);
}

Gate::Close Gate::close(StopToken token) noexcept {
  closed_ = true;
  return Close(*this, std::move(token));
}

void Gate::leave() noexcept {
  --holders_;
  if (holders_ == 0) closers_.wake_all(detail::WaitStatus::woken);
}

Gate::Holder& Gate::Holder::operator=(Holder&& other) noexcept {
  if (this != &other) {
    reset();
    gate_ = other.gate_;
    other.gate_ = nullptr;
  }
  return *this;
}

void Gate::Holder::reset() noexcept {
  if (Gate* gate = std::exchange(gate_, nullptr)) gate->leave();
}

}  // namespace cio::sync
