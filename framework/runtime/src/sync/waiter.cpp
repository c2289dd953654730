#include <cio/core/runtime.hpp>
#include <cio/sync/waiter.hpp>

namespace cio::sync::detail {

Waiter::~Waiter() {
  if (list_ != nullptr) list_->remove(*this);
}

void Waiter::park(WaiterList& list, std::coroutine_handle<> handle) noexcept {
  handle_ = handle;
  list.push_back(*this);
  if (token_.stop_possible()) on_stop_.emplace(token_, OnStop{this});
}

void Waiter::wake(WaitStatus status) noexcept {
  status_ = status;
  Runtime::current().schedule(handle_);
}

Result<void> Waiter::result(const char* operation) const noexcept {
  switch (status_) {
    case WaitStatus::canceled:
      return Result<void>(std::make_error_code(std::errc::operation_canceled), operation);
    case WaitStatus::closed:
      return Result<void>(std::make_error_code(kClosed), operation);
    default:
      return {};
  }
}

// A waiter already woken (unlinked) keeps its outcome; only a parked one is
// canceled.
void Waiter::OnStop::operator()() const noexcept {
  if (self->list_ != nullptr) self->list_->cancel(*self);
}

WaiterList::~WaiterList() {
  while (pop_front() != nullptr) {
  }
}

Waiter* WaiterList::pop_front() noexcept {
  Waiter* waiter = head_;
  if (waiter != nullptr) remove(*waiter);
  return waiter;
}

void WaiterList::wake_all(WaitStatus status) noexcept {
  while (Waiter* waiter = pop_front()) waiter->wake(status);
}

void WaiterList::push_back(Waiter& waiter) noexcept {
  waiter.list_ = this;
  waiter.prev_ = tail_;
  waiter.next_ = nullptr;
  (tail_ != nullptr ? tail_->next_ : head_) = &waiter;
  tail_ = &waiter;
  ++size_;
}

void WaiterList::remove(Waiter& waiter) noexcept {
  (waiter.prev_ != nullptr ? waiter.prev_->next_ : head_) = waiter.next_;
  (waiter.next_ != nullptr ? waiter.next_->prev_ : tail_) = waiter.prev_;
  waiter.prev_ = waiter.next_ = nullptr;
  waiter.list_ = nullptr;
  --size_;
}

void WaiterList::cancel(Waiter& waiter) noexcept {
  remove(waiter);
  waiter.wake(WaitStatus::canceled);
  if (after_cancel_ != nullptr) after_cancel_(owner_);
}

}  // namespace cio::sync::detail
