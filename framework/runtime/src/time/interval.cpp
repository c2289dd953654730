#include <cio/time/interval.hpp>

#include <stdexcept>

namespace cio::time {

Interval::Interval(Clock::duration period, Clock::time_point start)
    : period_(period), next_(start + period) {
  if (period.count() <= 0) throw std::invalid_argument("cio::time::Interval: period must be > 0");
}

Interval::Tick Interval::tick(StopToken token) noexcept {
  const auto now = Clock::now();
  if (now < next_) {
    const auto wait = next_ - now;
    next_ += period_;
    return Tick(wait, std::move(token));
  }
  // Late: fire now; whole periods past the deadline are ticks skipped.
  const auto missed = static_cast<uint64_t>((now - next_) / period_);
  next_ = missed == 0 ? next_ + period_ : now + period_;
  return Tick(missed);
}

Interval::Tick::Tick(Clock::duration wait, StopToken token) noexcept
    : sleep_(wait, std::move(token), "interval tick"), due_(false) {}

Interval::Tick::Tick(uint64_t missed) noexcept
    : sleep_(Clock::duration::zero(), StopToken(), "interval tick"), missed_(missed), due_(true) {}

Result<uint64_t> Interval::Tick::await_resume() noexcept {
  if (due_) return missed_;
  auto slept = sleep_.await_resume();
  if (!slept) return Result<uint64_t>(slept.error(), "interval tick");
  return uint64_t{0};
}

}  // namespace cio::time
