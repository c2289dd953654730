#include "idle_tracker.hpp"

#include <sys/socket.h>

#include <cio/time/interval.hpp>

namespace cio::echo {
namespace {

// Sweeps per timeout: the closing time overshoots by at most 1/kSweeps.
constexpr uint8_t kSweeps = 4;

}  // namespace

IdleTracker::Watch::Watch(IdleTracker& tracker, int fd) noexcept
    : tracker_(tracker), fd_(fd), next_(tracker.head_) {
  if (next_ != nullptr) next_->prev_ = this;
  tracker.head_ = this;
}

IdleTracker::Watch::~Watch() {
  if (prev_ != nullptr) {
    prev_->next_ = next_;
  } else {
    tracker_.head_ = next_;
  }
  if (next_ != nullptr) next_->prev_ = prev_;
}

Task<void> IdleTracker::run(StopToken stop) {
  if (timeout_.count() == 0) co_return;
  time::Interval ticks(timeout_ / kSweeps);
  for (;;) {
    auto tick = co_await ticks.tick(stop);
    if (!tick) co_return;
    sweep();
  }
}

void IdleTracker::sweep() noexcept {
  for (Watch* watch = head_; watch != nullptr; watch = watch->next_) {
    if (watch->active_) {
      watch->active_ = false;
      watch->quiet_sweeps_ = 0;
      continue;
    }
    if (watch->timed_out_ || ++watch->quiet_sweeps_ < kSweeps) continue;
    watch->timed_out_ = true;
    ++closed_;
    ::shutdown(watch->fd_, SHUT_RDWR);  // wakes its recv (end of stream) and sends (EPIPE)
  }
}

}  // namespace cio::echo
