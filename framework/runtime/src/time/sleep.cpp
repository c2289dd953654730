#include <cio/time/sleep.hpp>

namespace cio::time {

Result<void> Sleep::await_resume() noexcept {
  auto fired = timer_.await_resume();
  if (!fired) return Result<void>(fired.error(), operation_);
  return {};
}

Sleep sleep(Clock::duration duration, StopToken token) noexcept {
  return Sleep(duration, std::move(token), "sleep");
}

Sleep sleep_until(Clock::time_point deadline, StopToken token) noexcept {
  return Sleep(deadline - Clock::now(), std::move(token), "sleep");
}

}  // namespace cio::time
