// The submit/complete half of the io_uring backend.
#include <algorithm>
#include <cerrno>

#include <cio/driver/ops.hpp>

#include "../log.hpp"
#include "../user_data.hpp"
#include "../wait_loop.hpp"
#include "uring_backend.hpp"

namespace cio::detail {
namespace {

__kernel_timespec to_timespec(std::chrono::nanoseconds duration) noexcept {
  const auto count = duration.count() < 0 ? 0 : duration.count();
  return {count / 1'000'000'000, count % 1'000'000'000};
}

// Results that mean "no entries this time", not a failure of the driver.
bool is_benign(int ret) noexcept {
  return ret >= 0 || ret == -ETIME || ret == -EINTR || ret == -EBUSY || ret == -EAGAIN;
}

}  // namespace

void UringBackend::flush_file_updates() noexcept {
  if (auto flushed = files_.flush(ring_); !flushed) {
    driver_logger()->error("io_uring_register_files_update: {}", flushed.error().message());
  }
}

// submit with a zero or finite timeout (or nowhere to put entries).
Result<size_t> UringBackend::submit_bounded(std::optional<std::chrono::nanoseconds> timeout,
                                            std::span<Entry> out) noexcept {
  const bool may_wait = timeout->count() > 0 && !out.empty();
  if (may_wait && io_uring_sq_ready(&ring_) > 0) return wait_and_reap(*timeout, out);
  const size_t count = reap(out);
  if (count > 0 || woken_ || !may_wait) return flush_and_reap(out, count);
  return wait_and_reap(*timeout, out);
}

// Submits what is queued (if anything needs the kernel) and reaps again.
Result<size_t> UringBackend::flush_and_reap(std::span<Entry> out, size_t count) noexcept {
  if (io_uring_sq_ready(&ring_) == 0 && !needs_enter()) return count;
  const int ret = io_uring_submit_and_get_events(&ring_);
  note_submitted();
  if (!is_benign(ret)) return errno_code(-ret);
  return count + reap(out.subspan(count));
}

// Waits until an entry for the caller arrives, wake() is called, the wait is
// interrupted or `timeout` passes. The driver's own entries (cancel results)
// do not end the wait.
Result<size_t> UringBackend::wait_and_reap(std::chrono::nanoseconds timeout,
                                           std::span<Entry> out) noexcept {
  return wait_until_done(timeout, [&](std::optional<std::chrono::nanoseconds> remaining) {
    const int ret = enter_and_wait(*remaining);
    note_submitted();
    if (!is_benign(ret)) return WaitStep{errno_code(-ret), true};
    const size_t count = reap(out);
    return WaitStep{count, count > 0 || woken_ || ret == -ETIME || ret == -EINTR};
  });
}

// The usual wait, with no deadline: no clock and no remaining time to pass
// around, one enter per round.
Result<size_t> UringBackend::wait_and_reap_unbounded(std::span<Entry> out) noexcept {
  for (;;) {
    const int ret = io_uring_submit_and_wait(&ring_, 1);
    note_submitted();
    if (!is_benign(ret)) [[unlikely]]
      return errno_code(-ret);
    const size_t count = reap(out);
    if (count > 0 || woken_ || ret == -EINTR) return count;
  }
}

void UringBackend::note_submitted() noexcept {
  if (io_uring_sq_ready(&ring_) == 0) user_sqes_ = 0;
}

bool UringBackend::needs_enter() const noexcept {
  const unsigned flags = IO_URING_READ_ONCE(*ring_.sq.kflags);
  if ((flags & (IORING_SQ_CQ_OVERFLOW | IORING_SQ_TASKRUN)) != 0) return true;
  // Deferred task work without the flag to announce it: always enter.
  const uint32_t setup = setup_.setup_flags;
  return (setup & IORING_SETUP_DEFER_TASKRUN) != 0 && (setup & IORING_SETUP_TASKRUN_FLAG) == 0;
}

int UringBackend::enter_and_wait(std::chrono::nanoseconds timeout) noexcept {
  __kernel_timespec ts = to_timespec(timeout);
  io_uring_cqe* cqe = nullptr;
  return io_uring_submit_and_wait_timeout(&ring_, &cqe, 1, &ts, nullptr);
}

// Reads the tail once and walks the CQ by index (this ring never uses
// CQE32), then publishes the new head once. Ring fields live in locals:
// the stores into `out` could otherwise alias them.
size_t UringBackend::reap(std::span<Entry> out) noexcept {
  io_uring_cq& cq = ring_.cq;
  unsigned head = *cq.khead;  // only this thread moves the head
  const unsigned tail = io_uring_smp_load_acquire(cq.ktail);
  if (head == tail) return 0;
  const io_uring_cqe* cqes = cq.cqes;
  const unsigned mask = cq.ring_mask;
  Entry* entries = out.data();
  // At most one entry per CQE, so this many always fit (an internal CQE
  // that reports nothing can leave the last ones for the next call).
  const unsigned end = head + static_cast<unsigned>(std::min<size_t>(tail - head, out.size()));
  size_t count = 0;
  size_t finished = 0;
  for (; head != end; ++head) {
    const io_uring_cqe& cqe = cqes[head & mask];
    if (tag_of(cqe.user_data) != kOpTag) [[unlikely]] {
      if (translate_internal(cqe, entries[count])) ++count;
      continue;
    }
    finished += complete_op(cqe, entries[count++]);
  }
  in_flight_ -= finished;
  io_uring_smp_store_release(cq.khead, head);
  return count;
}

// Reports an op's entry; returns 1 when it was the op's final one.
size_t UringBackend::complete_op(const io_uring_cqe& cqe, Entry& entry) noexcept {
  auto* op = reinterpret_cast<OpBase*>(cqe.user_data);
  int32_t result = cqe.res;
  if (op->bookkeeping().backend_state != 0) [[unlikely]]
    result = finish_special(*op, result);
  entry = {op->user_data(), result, cqe.flags};
  if ((cqe.flags & IORING_CQE_F_MORE) != 0) return 0;
  op->mark(OpState::idle);
  return 1;
}

int32_t UringBackend::finish_special(OpBase& op, int32_t result) noexcept {
  if (op.bookkeeping().backend_state == kForcedResult) return op.bookkeeping().pending_result;
  if (op.code() == OpCode::timeout && result == -ETIME) return 0;  // expiry is success
  if (op.code() == OpCode::close && static_cast<Close&>(op).fd.fixed) {
    files_.forget(static_cast<uint32_t>(static_cast<Close&>(op).fd.value));
  }
  return result;
}

// The driver's own entries: the wake read, MsgRing payloads, cancel results.
bool UringBackend::translate_internal(const io_uring_cqe& cqe, Entry& entry) noexcept {
  switch (tag_of(cqe.user_data)) {
    case kWakeUserData:
      woken_ = true;
      wake_armed_ = false;
      wake_pending_.exchange(false, std::memory_order_acq_rel);
      if (!shutting_down_) arm_wake_read();
      return false;
    case kMessageTag:
      entry = {decode_message(cqe.user_data), cqe.res, 0};
      return true;
    default:
      return false;
  }
}

void UringBackend::drain_for_shutdown() noexcept {
  shutting_down_ = true;
  cancel_all();
  Entry scratch[64];
  for (int round = 0; round < 500 && (in_flight_ > 0 || wake_armed_); ++round) {
    (void)submit(std::chrono::milliseconds(10), scratch);
  }
  if (in_flight_ > 0) {
    driver_logger()->error("io_uring: {} ops still in flight at shutdown", in_flight_);
  }
}

}  // namespace cio::detail
