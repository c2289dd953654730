// How a completion's kernel user_data is read. An op's address is 8-aligned,
// so the low three bits tag the driver's own entries; the caller's user_data
// is stored in the op and never reaches the kernel.
#pragma once

#include <cstdint>

namespace cio::detail {

inline constexpr uint64_t kTagMask = 7;
inline constexpr uint64_t kOpTag = 0;           // user_data is an OpBase*
inline constexpr uint64_t kCancelUserData = 1;  // result of a cancel request: dropped
inline constexpr uint64_t kWakeUserData = 2;    // the wake eventfd read: re-armed
inline constexpr uint64_t kMessageTag = 3;      // MsgRing payload in the upper bits
inline constexpr uint64_t kMessageShift = 3;

constexpr uint64_t tag_of(uint64_t user_data) noexcept { return user_data & kTagMask; }
constexpr uint64_t encode_message(uint64_t message) noexcept {
  return (message << kMessageShift) | kMessageTag;
}
constexpr uint64_t decode_message(uint64_t user_data) noexcept {
  return user_data >> kMessageShift;
}

}  // namespace cio::detail
