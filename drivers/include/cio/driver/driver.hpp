/// @file
/// Driver: a completion-based IO driver for one thread. The caller owns every
/// op and buffer; the driver borrows an op from a successful push until its
/// final completion and allocates nothing after construction.
///
///   cio::Driver driver({.entries = 64});
///   cio::Nop nop;
///   if (!driver.try_push(nop, 42)) { /* SQ full: submit first */ }
///   std::array<cio::Entry, 16> out;
///   auto n = driver.submit(std::nullopt, out);  // waits for >= 1 entry
///
/// Only wake() may be called from another thread.
#pragma once

#include <sys/uio.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include <cio/driver/buffer_ring.hpp>
#include <cio/driver/driver_config.hpp>
#include <cio/driver/entry.hpp>
#include <cio/driver/fd.hpp>
#include <cio/driver/op_base.hpp>
#include <cio/driver/op_queue.hpp>
#include <cio/driver/result.hpp>

namespace cio {

struct Timeout;

/// The kernel's limits on registered buffers.
inline constexpr size_t kMaxRegisteredBuffers = 16384;
inline constexpr size_t kMaxRegisteredBufferBytes = size_t{1} << 30;

namespace detail {
class Backend;
class UringBackend;
}  // namespace detail

class Driver {
 public:
  /// Allocates the ring and every table. Throws std::system_error naming the
  /// failed call when the chosen backend cannot start.
  explicit Driver(const DriverConfig& config = {});
  /// Cancels and drains ops still in flight, then releases the ring.
  ~Driver();
  Driver(const Driver&) = delete;
  Driver& operator=(const Driver&) = delete;

  BackendKind backend() const noexcept;
  const SetupInfo& setup() const noexcept;
  bool supports(Capability capability) const noexcept;

  /// Prepares a descriptor for use with this driver (epoll: O_NONBLOCK and
  /// readiness tracking). The caller still owns and closes it.
  Result<Fd> attach(int raw_fd);
  /// Forgets a descriptor before the caller closes it without a Close op
  /// (epoll: drops its readiness watch; ops still parked on it end with
  /// -ECANCELED). A no-op on io_uring.
  void detach(Fd fd) noexcept;
  /// Puts `raw_fd` into registered-file slot `slot`. Registrations made before
  /// a submit take effect together, in one update, at that submit. The caller
  /// may close `raw_fd` after that submit; the slot keeps the file open.
  /// Errors: EINVAL (slot out of range), EBUSY (slot taken), EBADF.
  Result<FixedFd> register_fd(int raw_fd, uint32_t slot);
  Result<void> unregister_fd(FixedFd fd);
  /// Errors: operation_not_supported on a backend without provided buffers.
  Result<void> register_buffer_ring(BufferRing& ring);
  Result<void> unregister_buffer_ring(BufferRing& ring);
  /// Registers `buffers` for ReadAtFixed/WriteAtFixed (op buf_index = the
  /// position in `buffers`); the memory must stay valid until
  /// unregister_buffers or the driver's end. One set at a time. Errors as
  /// the kernel's: EBUSY (a set is registered), EINVAL (none, or more than
  /// kMaxRegisteredBuffers), EFAULT (an empty buffer, one over
  /// kMaxRegisteredBufferBytes), ENOMEM (over RLIMIT_MEMLOCK).
  /// unregister_buffers: ENXIO when none is registered.
  Result<void> register_buffers(std::span<const iovec> buffers);
  Result<void> unregister_buffers();

  /// Queues `op` for the next submit and marks it in flight. Returns false,
  /// leaving `op` untouched, when the submission queue is full.
  [[nodiscard]] bool try_push(OpBase& op, uint64_t user_data) noexcept;
  /// Pushes `op` with `timeout` linked to it: if the timeout expires first the
  /// op is cancelled (-ECANCELED) and the timeout's entry is 0; if the op
  /// finishes first the timeout's entry is -ECANCELED. Two entries, always.
  /// Returns false, touching neither, unless both fit in the SQ.
  [[nodiscard]] bool try_push_linked(OpBase& op, uint64_t user_data, Timeout& timeout,
                                     uint64_t timeout_user_data) noexcept;
  /// Moves as many ops as fit from `queue` (oldest first); returns how many.
  size_t push_queue(OpQueue& queue) noexcept;
  /// How many more ops try_push would accept now.
  size_t capacity_left() const noexcept;

  /// Submits what was pushed, waits up to `timeout` for at least one entry
  /// (nullopt: no limit; zero: do not wait), and copies entries into `out`.
  /// Entries that do not fit stay queued for the next call; none is dropped.
  /// Returns the number copied; an interrupted or expired wait copies 0.
  Result<size_t> submit(std::optional<std::chrono::nanoseconds> timeout,
                        std::span<Entry> out) noexcept;

  /// Asks the kernel to stop `op`. It still ends with exactly one final entry:
  /// its own result if it finished first, else -ECANCELED. Returns false when
  /// `op` is not in flight on this driver.
  bool try_cancel(OpBase& op) noexcept;

  /// Asks the kernel to stop every op in flight (each still ends with one
  /// final entry). Used at shutdown.
  void cancel_all() noexcept;

  /// Thread-safe: makes a submit blocked in another thread return promptly.
  void wake() noexcept;

  /// Ops pushed and not yet finished (final entry reaped).
  size_t in_flight() const noexcept;

  /// For MsgRing: the descriptor other drivers post into (-1 on epoll).
  int ring_fd() const noexcept;

 private:
  std::unique_ptr<detail::Backend> backend_;
  // backend_ when it is io_uring: its push and submit are called directly.
  detail::UringBackend* uring_ = nullptr;
};

}  // namespace cio
