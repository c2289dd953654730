// The epoll half of every op's definition: attempt the syscall without
// blocking and report either a result or the readiness to wait for.
#pragma once

#include <cstdint>
#include <span>

#include <cio/fd.hpp>
#include <cio/op_base.hpp>

namespace cio::detail {

enum class Interest : uint8_t { none, read, write };

struct Attempt {
  int32_t result = 0;  // bytes/value or -errno; meaningless while waiting
  Interest wait = Interest::none;
};

// backend_state bit: a Connect whose first connect() said EINPROGRESS.
inline constexpr uint8_t kConnectInProgress = 0x80;

// Maps an FdRef to a raw descriptor using the emulated registered-file table.
class FdResolver {
 public:
  explicit FdResolver(std::span<const int> fixed) noexcept : fixed_(fixed) {}
  int raw(FdRef fd) const noexcept {
    if (!fd.fixed) return fd.value;
    const auto slot = static_cast<size_t>(fd.value);
    return slot < fixed_.size() ? fixed_[slot] : -1;
  }

 private:
  std::span<const int> fixed_;
};

Attempt perform(OpBase& op, const FdResolver& fds) noexcept;

// The descriptor an op waits on (for parking and cancellation).
int wait_fd(const OpBase& op, const FdResolver& fds) noexcept;

}  // namespace cio::detail
