// epoll_event.data values: a watched descriptor's number, or one of these.
#pragma once

#include <cstdint>

namespace cio::detail {

inline constexpr uint64_t kWakeKey = UINT64_MAX;
inline constexpr uint64_t kTimerKey = UINT64_MAX - 1;

}  // namespace cio::detail
