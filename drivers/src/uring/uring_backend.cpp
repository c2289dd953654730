#include "uring_backend.hpp"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include <cio/driver/ops.hpp>

#include "../log.hpp"
#include "../user_data.hpp"
#include "uring_prep.hpp"

namespace cio::detail {
namespace {

constexpr uint32_t bit(OpCode code) noexcept { return uint32_t{1} << static_cast<unsigned>(code); }

// Ops every io_uring kernel this driver runs on has (the portable ones);
// the io_uring-only extras come from the probe.
constexpr uint32_t basic_ops() noexcept {
  uint32_t ops = 0;
  for (size_t i = 0; i < kOpCodeCount; ++i) {
    if (kOpReach[i] == OpReach::portable) ops |= bit(static_cast<OpCode>(i));
  }
  return ops;
}
constexpr uint32_t kBasicOps = basic_ops();

uint32_t supported_ops(const UringCapabilities& caps) noexcept {
  uint32_t ops = kBasicOps;
  if (caps.multishot_accept) ops |= bit(OpCode::accept_multishot);
  if (caps.multishot_recv) ops |= bit(OpCode::recv_multishot);
  if (caps.send_zc) ops |= bit(OpCode::send_zc);
  if (caps.splice) ops |= bit(OpCode::splice);
  if (caps.msg_ring) ops |= bit(OpCode::msg_ring);
  return ops;
}

// Ops whose completion needs a look before it is reported (see
// finish_special); ops the kernel lacks are sent as NOPs instead.
constexpr uint8_t push_state_of(OpCode code, uint32_t supported) noexcept {
  if ((supported & bit(code)) == 0) return UringBackend::kForcedResult;
  return code == OpCode::timeout || code == OpCode::close ? UringBackend::kSpecial : 0;
}

}  // namespace

std::unique_ptr<Backend> make_uring_backend(const DriverConfig& config) {
  return std::make_unique<UringBackend>(config);
}

UringBackend::UringBackend(const DriverConfig& config)
    : entries_(config.entries == 0 ? 1 : config.entries) {
  create_ring(ring_, config, setup_);
  try {
    caps_ = probe_capabilities(ring_);
    const uint32_t supported = supported_ops(caps_);
    for (size_t code = 0; code < push_state_.size(); ++code) {
      push_state_[code] = push_state_of(static_cast<OpCode>(code), supported);
    }
    files_.init(ring_, config.registered_files);
    wake_fd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (wake_fd_ < 0) throw std::system_error(errno, std::system_category(), "eventfd");
  } catch (...) {
    io_uring_queue_exit(&ring_);
    throw;
  }
  arm_wake_read();
}

UringBackend::~UringBackend() {
  drain_for_shutdown();
  io_uring_queue_exit(&ring_);
  close(wake_fd_);
}

bool UringBackend::supports(Capability capability) const noexcept {
  switch (capability) {
    case Capability::multishot_accept:
      return caps_.multishot_accept;
    case Capability::multishot_recv:
      return caps_.multishot_recv;
    case Capability::send_zc:
      return caps_.send_zc;
    case Capability::splice:
      return caps_.splice;
    case Capability::msg_ring:
      return caps_.msg_ring;
  }
  return false;
}

Result<Fd> UringBackend::attach(int raw_fd) {
  if (raw_fd < 0) return std::errc::bad_file_descriptor;
  return Fd{raw_fd};
}

void UringBackend::detach(int) noexcept {}

Result<FixedFd> UringBackend::register_fd(int raw_fd, uint32_t slot) {
  return files_.stage_register(raw_fd, slot);
}

Result<void> UringBackend::unregister_fd(FixedFd fd) { return files_.stage_unregister(fd); }

Result<void> UringBackend::register_buffer_ring(BufferRing& ring) {
  if (!caps_.multishot_recv) return std::errc::operation_not_supported;
  io_uring_buf_reg reg{};
  reg.ring_addr = reinterpret_cast<uint64_t>(ring.ring_memory());
  reg.ring_entries = ring.count();
  reg.bgid = ring.group();
  const int ret = io_uring_register_buf_ring(&ring_, &reg, 0);
  if (ret < 0) return errno_code(-ret);
  return {};
}

Result<void> UringBackend::unregister_buffer_ring(BufferRing& ring) {
  const int ret = io_uring_unregister_buf_ring(&ring_, ring.group());
  if (ret < 0) return errno_code(-ret);
  return {};
}

Result<void> UringBackend::register_buffers(std::span<const iovec> buffers) {
  const int ret =
      io_uring_register_buffers(&ring_, buffers.data(), static_cast<unsigned>(buffers.size()));
  if (ret < 0) return errno_code(-ret);
  return {};
}

Result<void> UringBackend::unregister_buffers() {
  const int ret = io_uring_unregister_buffers(&ring_);
  if (ret < 0) return errno_code(-ret);
  return {};
}

// An op this kernel lacks: a NOP whose entry reports -EOPNOTSUPP.
bool UringBackend::push_unsupported(io_uring_sqe* sqe, OpBase& op) noexcept {
  io_uring_prep_nop(sqe);
  op.bookkeeping().backend_state = kForcedResult;
  op.bookkeeping().pending_result = -EOPNOTSUPP;
  return true;
}

bool UringBackend::try_push_linked(OpBase& op, uint64_t user_data, Timeout& timeout,
                                   uint64_t timeout_user_data) noexcept {
  if (entries_ - user_sqes_ < 2 || io_uring_sq_space_left(&ring_) < 2) return false;
  if (!try_push(op, user_data)) return false;
  // The op's SQE is the last one queued: link it to the timeout's.
  io_uring_sqe* op_sqe = &ring_.sq.sqes[(ring_.sq.sqe_tail - 1) & ring_.sq.ring_mask];
  op_sqe->flags |= IOSQE_IO_LINK;
  io_uring_sqe* sqe = io_uring_get_sqe(&ring_);
  ++user_sqes_;
  ++in_flight_;
  timeout.mark(OpState::in_flight, timeout_user_data);
  timeout.bookkeeping().backend_state = kSpecial;  // -ETIME (it fired) is reported as 0
  io_uring_prep_link_timeout(sqe, &timeout.ts, IORING_TIMEOUT_BOOTTIME);
  io_uring_sqe_set_data64(sqe, reinterpret_cast<uint64_t>(&timeout));
  return true;
}

size_t UringBackend::push_queue(OpQueue& queue) noexcept {
  size_t pushed = 0;
  while (OpBase* op = queue.pop()) {
    if (!try_push(*op, op->user_data())) {
      queue.push_front(*op);
      break;
    }
    ++pushed;
  }
  return pushed;
}

size_t UringBackend::capacity_left() const noexcept {
  const size_t space = io_uring_sq_space_left(const_cast<io_uring*>(&ring_));
  const size_t quota = entries_ - user_sqes_;
  return space < quota ? space : quota;
}

bool UringBackend::try_cancel(OpBase& op) noexcept {
  if (!op.in_flight()) return false;
  io_uring_sqe* sqe = internal_sqe();
  if (sqe == nullptr) return false;
  io_uring_prep_cancel64(sqe, reinterpret_cast<uint64_t>(&op), 0);
  io_uring_sqe_set_data64(sqe, kCancelUserData);
  return true;
}

void UringBackend::cancel_all() noexcept {
  io_uring_sqe* sqe = internal_sqe();
  if (sqe == nullptr) return;
  io_uring_prep_cancel64(sqe, 0, IORING_ASYNC_CANCEL_ANY | IORING_ASYNC_CANCEL_ALL);
  io_uring_sqe_set_data64(sqe, kCancelUserData);
}

void UringBackend::wake() noexcept {
  // Only the first waker since the last wake read pays for the syscall.
  if (wake_pending_.exchange(true, std::memory_order_acq_rel)) return;
  const uint64_t one = 1;
  [[maybe_unused]] ssize_t ignored = write(wake_fd_, &one, sizeof(one));
}

io_uring_sqe* UringBackend::internal_sqe() noexcept {
  io_uring_sqe* sqe = io_uring_get_sqe(&ring_);
  if (sqe != nullptr) return sqe;
  io_uring_submit(&ring_);
  note_submitted();
  return io_uring_get_sqe(&ring_);
}

void UringBackend::arm_wake_read() noexcept {
  io_uring_sqe* sqe = internal_sqe();
  if (sqe == nullptr) {
    driver_logger()->error("io_uring: no SQE to re-arm the wake read; wake() degraded");
    return;
  }
  io_uring_prep_read(sqe, wake_fd_, &wake_buffer_, sizeof(wake_buffer_), 0);
  io_uring_sqe_set_data64(sqe, kWakeUserData);
  wake_armed_ = true;
}

}  // namespace cio::detail
