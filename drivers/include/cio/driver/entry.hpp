/// @file
/// Entry: one completion as the caller sees it. `result` keeps the kernel's
/// convention (bytes or a value on success, -errno on failure) until the
/// caller turns it into a typed result with to_result().
#pragma once

#include <cstdint>
#include <optional>

#include <cio/driver/result.hpp>

namespace cio {

/// Entry::flags bits (the io_uring CQE flags; the epoll backend uses the same).
inline constexpr uint32_t kEntryBuffer = 1U << 0;  ///< buffer_id() is valid
inline constexpr uint32_t kEntryMore = 1U << 1;    ///< the op stays armed
inline constexpr uint32_t kEntrySocketNonEmpty = 1U << 2;
inline constexpr uint32_t kEntryNotification = 1U << 3;  ///< SendZc: buffer released

struct Entry {
  uint64_t user_data = 0;
  int32_t result = 0;
  uint32_t flags = 0;

  bool ok() const noexcept { return result >= 0; }
  /// True when more entries will follow for the same op (multishot, SendZc).
  bool more() const noexcept { return (flags & kEntryMore) != 0; }
  bool notification() const noexcept { return (flags & kEntryNotification) != 0; }
  std::optional<uint16_t> buffer_id() const noexcept {
    if ((flags & kEntryBuffer) == 0) return std::nullopt;
    return static_cast<uint16_t>(flags >> 16);
  }
  Result<uint32_t> to_result() const noexcept { return from_kernel<uint32_t>(result); }
};

}  // namespace cio
