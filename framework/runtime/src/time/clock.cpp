#include <cio/time/clock.hpp>

#include <time.h>

namespace cio::time {

Clock::time_point Clock::now() noexcept {
  timespec now{};
  clock_gettime(CLOCK_BOOTTIME, &now);  // cannot fail for a valid clock id
  return time_point(std::chrono::seconds(now.tv_sec) + std::chrono::nanoseconds(now.tv_nsec));
}

}  // namespace cio::time
