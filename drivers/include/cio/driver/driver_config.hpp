/// @file
/// DriverConfig and the names the driver reports about itself.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace cio {

enum class BackendKind : uint8_t { automatic, io_uring, epoll };

std::string_view backend_name(BackendKind kind) noexcept;

struct DriverConfig {
  /// Submission queue depth: how many ops can be pushed before a submit.
  uint32_t entries = 256;
  /// Completion queue depth; 0 picks 4 x entries.
  uint32_t completion_entries = 0;
  /// Slots in the sparse registered-file table (0 disables FixedFd).
  uint32_t registered_files = 64;
  /// automatic: io_uring, falling back to epoll with one warning when the
  /// kernel refuses io_uring (ENOSYS, EPERM: seccomp, io_uring_disabled).
  BackendKind backend = BackendKind::automatic;

  bool operator==(const DriverConfig&) const = default;
};

/// Optional capabilities (Driver::supports). Ops that need a missing one
/// complete with -EOPNOTSUPP.
enum class Capability : uint8_t {
  multishot_accept,
  multishot_recv,  ///< with a provided BufferRing
  send_zc,
  splice,
  msg_ring,
};

/// What the driver chose at construction.
struct SetupInfo {
  BackendKind backend = BackendKind::automatic;
  uint32_t sq_entries = 0;
  uint32_t cq_entries = 0;
  uint32_t setup_flags = 0;  ///< io_uring IORING_SETUP_* actually used
  uint32_t features = 0;     ///< io_uring IORING_FEAT_* reported
  bool registered_ring_fd = false;
  std::string fallback_reason;  ///< why `automatic` ended up on epoll

  /// One line for logs: backend, depths and the named flags.
  std::string describe() const;
};

}  // namespace cio
