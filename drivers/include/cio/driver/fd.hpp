/// @file
/// File descriptor handles as the drivers see them. An Fd is a raw descriptor
/// the driver has attached (the epoll backend made it non-blocking and watches
/// it); a FixedFd is a slot in the driver's registered-file table (io_uring
/// skips per-op file refcounting for those). Neither owns the descriptor.
#pragma once

#include <cstdint>

namespace cio {

/// A raw descriptor returned by Driver::attach. Copyable; does not own it.
struct Fd {
  int raw = -1;  ///< the descriptor number (-1: none)
  friend bool operator==(Fd, Fd) = default;
};

/// A registered-file slot returned by Driver::register_fd. Copyable; the slot
/// stays taken until Driver::unregister_fd or a Close op on it.
struct FixedFd {
  uint32_t slot = 0;  ///< index in the driver's registered-file table
  friend bool operator==(FixedFd, FixedFd) = default;
};

/// What an op names as its target: either kind of handle, converted
/// implicitly. A fixed one means a slot of one driver's table: push the op on
/// that driver only.
struct FdRef {
  int value = -1;      ///< the raw descriptor, or the slot when `fixed`
  bool fixed = false;  ///< true: `value` is a registered-file slot (IOSQE_FIXED_FILE)

  constexpr FdRef() = default;
  /// Names a raw descriptor.
  constexpr FdRef(Fd fd) noexcept : value(fd.raw) {}  // NOLINT: implicit by design
  /// Names a registered-file slot.
  constexpr FdRef(FixedFd fd) noexcept  // NOLINT: implicit by design
      : value(static_cast<int>(fd.slot)), fixed(true) {}
};

}  // namespace cio
