#include <cio/sync/event.hpp>

namespace cio::sync {

void Event::set() noexcept {
  set_ = true;
  waiters_.wake_all(detail::WaitStatus::woken);
}

Event::Wait Event::wait(StopToken token) noexcept { return Wait(*this, std::move(token)); }

}  // namespace cio::sync
