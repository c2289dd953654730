/// @file
/// DriverConfig and the names the driver reports about itself.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace cio {

/// Which kernel interface a Driver runs on.
enum class BackendKind : uint8_t {
  automatic,  ///< io_uring when the kernel allows it, else epoll (config only)
  io_uring,   ///< completions from io_uring (liburing)
  epoll       ///< completions emulated over epoll readiness; no uring_only ops
};

/// "auto", "io_uring" or "epoll", for logs.
std::string_view backend_name(BackendKind kind) noexcept;

/// What a Driver is built with. All fields have working defaults.
struct DriverConfig {
  /// Submission queue depth: how many ops can be pushed before a submit
  /// (0 counts as 1). io_uring adds 8 SQEs for the driver's own use.
  uint32_t entries = 256;
  /// io_uring completion queue depth; 0 picks 4 x entries, and it is never
  /// below the SQ size. The epoll backend ignores it.
  uint32_t completion_entries = 0;
  /// Slots in the sparse registered-file table (0 disables FixedFd).
  uint32_t registered_files = 64;
  /// automatic: io_uring, falling back to epoll with one warning when the
  /// kernel refuses io_uring (ENOSYS, EPERM, EACCES: seccomp,
  /// io_uring_disabled). Other setup errors are thrown, not fallen back from.
  BackendKind backend = BackendKind::automatic;

  /// Field-by-field equality.
  bool operator==(const DriverConfig&) const = default;
};

/// Optional capabilities (Driver::supports). Ops that need a missing one
/// complete with -EOPNOTSUPP. Only io_uring has any; which ones depends on
/// the kernel, probed at construction.
enum class Capability : uint8_t {
  multishot_accept,  ///< AcceptMultishot
  multishot_recv,    ///< RecvMultishot with a provided BufferRing
  send_zc,           ///< SendZc
  splice,            ///< Splice
  msg_ring,          ///< MsgRing
};

/// What the driver chose at construction (Driver::setup).
struct SetupInfo {
  BackendKind backend = BackendKind::automatic;  ///< io_uring or epoll, never automatic
  /// io_uring: SQ ring size as the kernel made it (DriverConfig::entries + 8,
  /// rounded up to a power of two). epoll: DriverConfig::entries.
  uint32_t sq_entries = 0;
  /// io_uring: CQ ring size. epoll: events read per epoll_wait.
  uint32_t cq_entries = 0;
  uint32_t setup_flags = 0;  ///< io_uring IORING_SETUP_* actually used
  uint32_t features = 0;     ///< io_uring IORING_FEAT_* reported
  /// io_uring: the ring fd is registered, so each enter skips the fd lookup.
  bool registered_ring_fd = false;
  std::string fallback_reason;  ///< why `automatic` ended up on epoll

  /// One line for logs: backend, depths and the named flags.
  std::string describe() const;
};

}  // namespace cio
