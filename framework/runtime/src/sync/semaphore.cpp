#include <cio/sync/semaphore.hpp>

namespace cio::sync {

Semaphore::Semaphore(size_t units) noexcept
    : available_(units), waiters_(&Semaphore::serve, this) {}

Semaphore::Acquire Semaphore::acquire(size_t units, StopToken token) noexcept {
  return Acquire(*this, units, std::move(token));
}

bool Semaphore::try_acquire(size_t units) noexcept {
  if (!waiters_.empty() || available_ < units) return false;
  available_ -= units;
  return true;
}

void Semaphore::release(size_t units) noexcept {
  available_ += units;
  serve_waiters();
}

// A canceled head may have been what blocked the waiters behind it.
void Semaphore::serve(void* self) noexcept { static_cast<Semaphore*>(self)->serve_waiters(); }

// Units go to the waiter as it is woken, so nobody can take them first.
void Semaphore::serve_waiters() noexcept {
  while (!waiters_.empty()) {
    auto& head = static_cast<Acquire&>(*waiters_.front());
    if (head.units_ > available_) return;
    available_ -= head.units_;
    waiters_.pop_front();
    head.wake(detail::WaitStatus::woken);
  }
}

}  // namespace cio::sync
