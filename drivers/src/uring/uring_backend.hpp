// The io_uring backend: ops become SQEs whose user_data is the op's address;
// completions are copied out in batches, the driver's own entries (cancel
// results, the wake read, MsgRing payloads) decoded on the way.
#pragma once

#include <liburing.h>

#include <array>
#include <atomic>
#include <cstdint>

#include "../backend.hpp"
#include "file_table.hpp"
#include "uring_prep.hpp"
#include "uring_setup.hpp"

namespace cio::detail {

class UringBackend final : public Backend {
 public:
  explicit UringBackend(const DriverConfig& config);
  ~UringBackend() override;

  bool supports(Capability capability) const noexcept override;
  Result<Fd> attach(int raw_fd) override;
  void detach(int raw_fd) noexcept override;
  Result<FixedFd> register_fd(int raw_fd, uint32_t slot) override;
  Result<void> unregister_fd(FixedFd fd) override;
  Result<void> register_buffer_ring(BufferRing& ring) override;
  Result<void> unregister_buffer_ring(BufferRing& ring) override;
  Result<void> register_buffers(std::span<const iovec> buffers) override;
  Result<void> unregister_buffers() override;

  // Inline: Driver::try_push calls it directly (this class is final), so
  // the whole push is one function.
  bool try_push(OpBase& op, uint64_t user_data) noexcept override {
    if (user_sqes_ >= entries_) return false;
    io_uring_sqe* sqe = next_sqe();
    if (sqe == nullptr) return false;
    ++user_sqes_;
    ++in_flight_;
    op.mark(OpState::in_flight, user_data);
    io_uring_sqe_set_data64(sqe, reinterpret_cast<uint64_t>(&op));  // prep leaves it alone
    const uint8_t state = push_state_[static_cast<size_t>(op.code())];
    op.bookkeeping().backend_state = state;
    if (state == kForcedResult) [[unlikely]]
      return push_unsupported(sqe, op);
    // prep last, as a tail call: the fast path needs no saved registers.
    return prep_sqe(sqe, op);
  }
  bool try_push_linked(OpBase& op, uint64_t user_data, Timeout& timeout,
                       uint64_t timeout_user_data) noexcept override;
  size_t push_queue(OpQueue& queue) noexcept override;
  size_t capacity_left() const noexcept override;
  // Inline too, for the usual call (no deadline). With SQEs to submit, the
  // enter that submits them also waits; it returns at once when entries are
  // already there, so no reap is needed first.
  Result<size_t> submit(std::optional<std::chrono::nanoseconds> timeout,
                        std::span<Entry> out) noexcept override {
    if (files_.dirty()) [[unlikely]]
      flush_file_updates();
    woken_ = false;
    if (timeout || out.empty()) [[unlikely]]
      return submit_bounded(timeout, out);
    if (io_uring_sq_ready(&ring_) == 0) {
      const size_t count = reap(out);
      if (count > 0 || woken_) return flush_and_reap(out, count);
    }
    return wait_and_reap_unbounded(out);
  }
  bool try_cancel(OpBase& op) noexcept override;
  void cancel_all() noexcept override;
  void wake() noexcept override;
  size_t in_flight() const noexcept override { return in_flight_; }
  int ring_fd() const noexcept override { return ring_.ring_fd; }

  // OpBase::backend_state at push: kSpecial for ops finish_special must see;
  // kForcedResult for ops this kernel lacks, sent as a NOP whose reported
  // result is pending_result.
  static constexpr uint8_t kSpecial = 1;
  static constexpr uint8_t kForcedResult = 2;

 private:
  // io_uring_get_sqe without its SQPOLL and SQE128 branches: create_ring
  // never sets those flags.
  io_uring_sqe* next_sqe() noexcept {
    io_uring_sq& sq = ring_.sq;
    if (sq.sqe_tail - IO_URING_READ_ONCE(*sq.khead) >= sq.ring_entries) return nullptr;
    return &sq.sqes[sq.sqe_tail++ & sq.ring_mask];
  }
  // An SQE for the driver's own use; flushes the SQ to the kernel if full.
  io_uring_sqe* internal_sqe() noexcept;
  void arm_wake_read() noexcept;
  bool needs_enter() const noexcept;
  Result<size_t> flush_and_reap(std::span<Entry> out, size_t count) noexcept;
  void flush_file_updates() noexcept;
  Result<size_t> submit_bounded(std::optional<std::chrono::nanoseconds> timeout,
                                std::span<Entry> out) noexcept;
  Result<size_t> wait_and_reap(std::chrono::nanoseconds timeout, std::span<Entry> out) noexcept;
  Result<size_t> wait_and_reap_unbounded(std::span<Entry> out) noexcept;
  int enter_and_wait(std::chrono::nanoseconds timeout) noexcept;
  // Called after entering the kernel: an empty SQ frees the caller's quota.
  void note_submitted() noexcept;
  size_t reap(std::span<Entry> out) noexcept;
  size_t complete_op(const io_uring_cqe& cqe, Entry& entry) noexcept;
  void drain_for_shutdown() noexcept;

  // Turns the kernel's result for `op` into the reported one (timeouts,
  // fixed closes, unsupported ops); called only for ops marked at push.
  int32_t finish_special(OpBase& op, int32_t result) noexcept;
  bool push_unsupported(io_uring_sqe* sqe, OpBase& op) noexcept;
  bool translate_internal(const io_uring_cqe& cqe, Entry& entry) noexcept;

  io_uring ring_{};
  UringCapabilities caps_;
  std::array<uint8_t, kOpCodeCount> push_state_{};  // backend_state per OpCode
  FileTable files_;
  size_t in_flight_ = 0;
  uint32_t entries_;        // the caller's SQ quota per submit (DriverConfig::entries)
  uint32_t user_sqes_ = 0;  // the caller's ops in the SQ since the last submit
  bool woken_ = false;      // a wake entry was reaped during this submit
  int wake_fd_ = -1;
  uint64_t wake_buffer_ = 0;
  bool wake_armed_ = false;
  bool shutting_down_ = false;
  std::atomic<bool> wake_pending_{false};
};

}  // namespace cio::detail
