/// @file
/// Entry: one completion as the caller sees it. `result` keeps the kernel's
/// convention (bytes or a value on success, -errno on failure) until the
/// caller turns it into a typed result with to_result().
#pragma once

#include <cstdint>
#include <optional>

#include <cio/driver/result.hpp>

namespace cio {

/// @name Entry::flags bits
/// The io_uring CQE flags, passed through as the kernel set them. The epoll
/// backend sets none: every op it runs ends with a single entry.
/// @{
inline constexpr uint32_t kEntryBuffer = 1U << 0;  ///< buffer_id() is valid
inline constexpr uint32_t kEntryMore = 1U << 1;    ///< the op stays armed
/// A receive left more bytes waiting in the socket.
inline constexpr uint32_t kEntrySocketNonEmpty = 1U << 2;
inline constexpr uint32_t kEntryNotification = 1U << 3;  ///< SendZc: buffer released
/// @}

/// One completion, copied out by Driver::submit.
struct Entry {
  /// The user_data the op was pushed with; for an entry posted by a MsgRing,
  /// the sender's MsgRing::message.
  uint64_t user_data = 0;
  /// Bytes or a value (a descriptor, 0) on success, -errno on failure.
  int32_t result = 0;
  uint32_t flags = 0;  ///< kEntry* bits

  /// True when `result` is not an error.
  bool ok() const noexcept { return result >= 0; }
  /// True when more entries will follow for the same op (multishot, SendZc).
  bool more() const noexcept { return (flags & kEntryMore) != 0; }
  /// True for SendZc's last entry: the kernel no longer reads the buffer.
  bool notification() const noexcept { return (flags & kEntryNotification) != 0; }
  /// The BufferRing buffer a RecvMultishot filled (`result` bytes of it), or
  /// nullopt when the entry carries none.
  std::optional<uint16_t> buffer_id() const noexcept {
    if ((flags & kEntryBuffer) == 0) return std::nullopt;
    return static_cast<uint16_t>(flags >> 16);
  }
  /// `result` as a Result: the non-negative value, or the errno as an error.
  Result<uint32_t> to_result() const noexcept { return from_kernel<uint32_t>(result); }
};

}  // namespace cio
