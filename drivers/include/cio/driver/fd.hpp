/// @file
/// File descriptor handles as the drivers see them. An Fd is a raw descriptor
/// the driver has attached (the epoll backend made it non-blocking and watches
/// it); a FixedFd is a slot in the driver's registered-file table (io_uring
/// skips per-op file refcounting for those). Neither owns the descriptor.
#pragma once

#include <cstdint>

namespace cio {

struct Fd {
  int raw = -1;
  friend bool operator==(Fd, Fd) = default;
};

struct FixedFd {
  uint32_t slot = 0;
  friend bool operator==(FixedFd, FixedFd) = default;
};

/// What an op names as its target: either kind of handle.
struct FdRef {
  int value = -1;
  bool fixed = false;

  constexpr FdRef() = default;
  constexpr FdRef(Fd fd) noexcept : value(fd.raw) {}  // NOLINT: implicit by design
  constexpr FdRef(FixedFd fd) noexcept                // NOLINT: implicit by design
      : value(static_cast<int>(fd.slot)), fixed(true) {}
};

}  // namespace cio
