// The epoll half of every op's definition: attempt the syscall without
// blocking and report either a result or the readiness to wait for.
#pragma once

#include <sys/uio.h>

#include <cstdint>
#include <span>

#include <cio/driver/fd.hpp>
#include <cio/driver/op_base.hpp>

namespace cio::detail {

enum class Interest : uint8_t { none, read, write };

struct Attempt {
  int32_t result = 0;  // bytes/value or -errno; meaningless while waiting
  Interest wait = Interest::none;
};

// backend_state bit: a Connect whose first connect() said EINPROGRESS.
inline constexpr uint8_t kConnectInProgress = 0x80;

// The emulated registrations: maps an FdRef to a raw descriptor through the
// registered-file table, and checks fixed-buffer ops against the
// registered buffers.
class FdResolver {
 public:
  FdResolver(std::span<const int> fixed, std::span<const iovec> buffers) noexcept
      : fixed_(fixed), buffers_(buffers) {}
  int raw(FdRef fd) const noexcept {
    if (!fd.fixed) return fd.value;
    const auto slot = static_cast<size_t>(fd.value);
    return slot < fixed_.size() ? fixed_[slot] : -1;
  }
  // True when [data, data + length) lies inside registered buffer `index`.
  bool holds(uint16_t index, const void* data, uint32_t length) const noexcept {
    if (index >= buffers_.size()) return false;
    const auto begin = reinterpret_cast<uintptr_t>(buffers_[index].iov_base);
    const auto first = reinterpret_cast<uintptr_t>(data);
    return first >= begin && first - begin + length <= buffers_[index].iov_len;
  }

 private:
  std::span<const int> fixed_;
  std::span<const iovec> buffers_;
};

Attempt perform(OpBase& op, const FdResolver& fds) noexcept;

// The descriptor an op waits on (for parking and cancellation).
int wait_fd(const OpBase& op, const FdResolver& fds) noexcept;

}  // namespace cio::detail
