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

/// The kernel's limit on how many buffers Driver::register_buffers takes.
inline constexpr size_t kMaxRegisteredBuffers = 16384;
/// The kernel's limit on the size of one registered buffer (1 GiB).
inline constexpr size_t kMaxRegisteredBufferBytes = size_t{1} << 30;

namespace detail {
class Backend;
class UringBackend;
}  // namespace detail

/// A completion-based IO driver for one thread, on io_uring or epoll. Push
/// caller-owned ops, then submit() to start them and collect their entries.
/// Use it from the thread that created it (io_uring rings are set up
/// single-issuer when the kernel allows); wake() is the one thread-safe call.
class Driver {
 public:
  /// Allocates the ring and every table. Throws std::system_error naming the
  /// failed call when the chosen backend cannot start. Logs the setup (info
  /// level for the process's first driver, debug after).
  explicit Driver(const DriverConfig& config = {});
  /// Cancels ops still in flight and discards their entries, leaving them
  /// idle (io_uring waits up to about 5 s for the kernel to give them back),
  /// then releases the ring.
  ~Driver();
  /// Not copyable: the kernel holds the ring and the in-flight ops.
  Driver(const Driver&) = delete;
  /// Not copyable: the kernel holds the ring and the in-flight ops.
  Driver& operator=(const Driver&) = delete;

  /// The backend construction settled on: io_uring or epoll.
  BackendKind backend() const noexcept;
  /// What construction chose (depths, flags, fallback reason).
  const SetupInfo& setup() const noexcept;
  /// True when ops needing `capability` run here; always false on epoll.
  bool supports(Capability capability) const noexcept;

  /// Prepares a descriptor for use with this driver (epoll: O_NONBLOCK and
  /// readiness tracking). The caller still owns and closes it.
  /// Errors: EBADF for a negative descriptor; epoll: fcntl's or epoll_ctl's.
  Result<Fd> attach(int raw_fd);
  /// Forgets a descriptor before the caller closes it without a Close op
  /// (epoll: drops its readiness watch; ops still parked on it end with
  /// -ECANCELED). A no-op on io_uring.
  void detach(Fd fd) noexcept;
  /// Puts `raw_fd` into registered-file slot `slot`. Registrations made before
  /// a submit take effect together, in one update, at that submit. The caller
  /// may close `raw_fd` after that submit; the slot keeps the file open.
  /// (epoll: at once; the slot holds its own duplicate of `raw_fd`.)
  /// Errors: EINVAL (slot out of range), EBUSY (slot taken), EBADF. On
  /// io_uring a kernel refusal of the batched update is logged, not returned.
  Result<FixedFd> register_fd(int raw_fd, uint32_t slot);
  /// Frees the slot (io_uring: at the next submit, batched like register_fd;
  /// epoll: at once, ending ops parked on it with -ECANCELED).
  /// Errors: EINVAL when the slot is not registered.
  Result<void> unregister_fd(FixedFd fd);
  /// Lets RecvMultishot ops naming ring.group() take buffers from `ring`,
  /// which must stay alive until unregistered.
  /// Errors: operation_not_supported on a backend without provided buffers
  /// (epoll, or no Capability::multishot_recv); else the kernel's.
  Result<void> register_buffer_ring(BufferRing& ring);
  /// Withdraws ring.group() from the kernel. Errors: operation_not_supported
  /// on epoll; else the kernel's.
  Result<void> unregister_buffer_ring(BufferRing& ring);
  /// Registers `buffers` for ReadAtFixed/WriteAtFixed (op buf_index = the
  /// position in `buffers`); the memory must stay valid until
  /// unregister_buffers or the driver's end. One set at a time. Errors as
  /// the kernel's: EBUSY (a set is registered), EINVAL (none, or more than
  /// kMaxRegisteredBuffers), EFAULT (an empty buffer, one over
  /// kMaxRegisteredBufferBytes), ENOMEM (over RLIMIT_MEMLOCK).
  Result<void> register_buffers(std::span<const iovec> buffers);
  /// Drops the registered set. Errors: ENXIO when none is registered.
  Result<void> unregister_buffers();

  /// Queues `op` for the next submit and marks it in flight. Returns false,
  /// leaving `op` untouched, when the submission queue is full
  /// (DriverConfig::entries pushes since the last submit). `op` must be idle
  /// and stay alive, unmoved, until its final entry. epoll runs the op at
  /// once, in this thread (so file IO, fsync and OpenAt block here); its
  /// entry still comes from submit().
  [[nodiscard]] bool try_push(OpBase& op, uint64_t user_data) noexcept;
  /// Pushes `op` with `timeout` linked to it: if the timeout expires first the
  /// op is cancelled (-ECANCELED) and the timeout's entry is 0; if the op
  /// finishes first the timeout's entry is -ECANCELED. Two entries, always.
  /// (io_uring: an op already past cancelling finishes normally, and the
  /// timeout's entry is the cancel error, such as -EALREADY.)
  /// Returns false, touching neither, unless both fit in the SQ.
  [[nodiscard]] bool try_push_linked(OpBase& op, uint64_t user_data, Timeout& timeout,
                                     uint64_t timeout_user_data) noexcept;
  /// Moves as many ops as fit from `queue` (oldest first), pushing each with
  /// the user_data it was queued with; returns how many. The rest stay queued.
  size_t push_queue(OpQueue& queue) noexcept;
  /// How many more ops try_push would accept before the next submit
  /// (try_push_linked takes two).
  size_t capacity_left() const noexcept;

  /// Submits what was pushed, waits up to `timeout` for at least one entry
  /// (nullopt: no limit; zero: do not wait), and copies entries into `out`.
  /// Entries that do not fit stay queued for the next call; none is dropped.
  /// An empty `out` never waits. Returns the number copied; an interrupted or
  /// expired wait, or a wake(), may copy 0. Errors: the kernel's, from
  /// io_uring_enter or epoll_pwait2 (EINTR is not one).
  Result<size_t> submit(std::optional<std::chrono::nanoseconds> timeout,
                        std::span<Entry> out) noexcept;

  /// Asks the kernel to stop `op`. It still ends with exactly one final entry:
  /// its own result if it finished first, else -ECANCELED. `op` must be in
  /// flight on this driver. io_uring queues the request for the next submit;
  /// epoll ends a waiting op at once. Returns false when `op` is not in flight
  /// (io_uring: or no SQE is free even after flushing the SQ).
  bool try_cancel(OpBase& op) noexcept;

  /// Asks the kernel to stop every op in flight (each still ends with one
  /// final entry). Used at shutdown. io_uring queues the request for the next
  /// submit; epoll ends waiting ops and timeouts at once.
  void cancel_all() noexcept;

  /// Thread-safe: makes a submit blocked in another thread return promptly
  /// (or the next one, if none is waiting). Only the first call until that
  /// wake-up is consumed writes to the eventfd.
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
