#include "uring_prep.hpp"

#include <fcntl.h>

#include <cio/driver/driver.hpp>
#include <cio/driver/ops.hpp>

#include "../user_data.hpp"

namespace cio::detail {
namespace {

// Ops name their target by FdRef; a fixed one needs IOSQE_FIXED_FILE.
void use_fd(io_uring_sqe* sqe, FdRef fd) noexcept {
  sqe->fd = fd.value;
  if (fd.fixed) sqe->flags |= IOSQE_FIXED_FILE;
}

template <typename Op>
Op& as(OpBase& op) noexcept {
  return static_cast<Op&>(op);
}

constexpr uint64_t kCurrentPosition = ~uint64_t{0};

// The read/write family maps onto one io_uring_prep_rw each.
template <typename Op, int Opcode, bool Positioned>
bool prep_rw(io_uring_sqe* sqe, OpBase& base) noexcept {
  auto& op = as<Op>(base);
  io_uring_prep_rw(Opcode, sqe, op.fd.value, op.buf, op.len,
                   Positioned ? op.offset : kCurrentPosition);
  use_fd(sqe, op.fd);
  return true;
}

template <typename Op, int Opcode>
bool prep_fixed_rw(io_uring_sqe* sqe, OpBase& base) noexcept {
  auto& op = as<Op>(base);
  io_uring_prep_rw(Opcode, sqe, op.fd.value, op.buf, op.len, op.offset);
  sqe->buf_index = op.buf_index;
  use_fd(sqe, op.fd);
  return true;
}

template <typename Op, int Opcode>
bool prep_socket_rw(io_uring_sqe* sqe, OpBase& base) noexcept {
  auto& op = as<Op>(base);
  io_uring_prep_rw(Opcode, sqe, op.fd.value, op.buf, op.len, 0);
  sqe->msg_flags = static_cast<uint32_t>(op.flags);
  use_fd(sqe, op.fd);
  return true;
}

template <typename Op, int Opcode>
bool prep_vector(io_uring_sqe* sqe, OpBase& base) noexcept {
  auto& op = as<Op>(base);
  io_uring_prep_rw(Opcode, sqe, op.fd.value, op.iov, op.iovcnt, op.offset);
  use_fd(sqe, op.fd);
  return true;
}

template <typename Op, int Opcode>
bool prep_message(io_uring_sqe* sqe, OpBase& base) noexcept {
  auto& op = as<Op>(base);
  if constexpr (Opcode == IORING_OP_RECVMSG) {
    op.msg.msg_name = &op.addr;  // a reused op gets the full address space again
    op.msg.msg_namelen = sizeof(op.addr);
  }
  io_uring_prep_rw(Opcode, sqe, op.fd.value, &op.msg, 1, 0);
  sqe->msg_flags = static_cast<uint32_t>(op.flags);
  use_fd(sqe, op.fd);
  return true;
}

bool prep_nop(io_uring_sqe* sqe, OpBase&) noexcept {
  io_uring_prep_nop(sqe);
  return true;
}

bool prep_accept(io_uring_sqe* sqe, OpBase& base) noexcept {
  auto& op = as<Accept>(base);
  op.addrlen = sizeof(op.addr);
  io_uring_prep_accept(sqe, op.fd.value, reinterpret_cast<sockaddr*>(&op.addr), &op.addrlen,
                       op.flags);
  use_fd(sqe, op.fd);
  return true;
}

bool prep_accept_multishot(io_uring_sqe* sqe, OpBase& base) noexcept {
  auto& op = as<AcceptMultishot>(base);
  io_uring_prep_multishot_accept(sqe, op.fd.value, nullptr, nullptr, op.flags);
  use_fd(sqe, op.fd);
  return true;
}

bool prep_recv_multishot(io_uring_sqe* sqe, OpBase& base) noexcept {
  auto& op = as<RecvMultishot>(base);
  io_uring_prep_recv_multishot(sqe, op.fd.value, nullptr, 0, op.flags);
  sqe->flags |= IOSQE_BUFFER_SELECT;
  sqe->buf_group = op.group;
  use_fd(sqe, op.fd);
  return true;
}

bool prep_connect(io_uring_sqe* sqe, OpBase& base) noexcept {
  auto& op = as<Connect>(base);
  io_uring_prep_connect(sqe, op.fd.value, reinterpret_cast<sockaddr*>(&op.addr), op.addrlen);
  use_fd(sqe, op.fd);
  return true;
}

bool prep_shutdown(io_uring_sqe* sqe, OpBase& base) noexcept {
  auto& op = as<Shutdown>(base);
  io_uring_prep_shutdown(sqe, op.fd.value, op.how);
  use_fd(sqe, op.fd);
  return true;
}

bool prep_close(io_uring_sqe* sqe, OpBase& base) noexcept {
  auto& op = as<Close>(base);
  if (op.fd.fixed) {
    io_uring_prep_close_direct(sqe, static_cast<unsigned>(op.fd.value));
  } else {
    io_uring_prep_close(sqe, op.fd.value);
  }
  return true;
}

bool prep_fsync(io_uring_sqe* sqe, OpBase& base) noexcept {
  auto& op = as<Fsync>(base);
  const unsigned flags = op.mode == Fsync::Mode::data_only ? IORING_FSYNC_DATASYNC : 0;
  io_uring_prep_fsync(sqe, op.fd.value, flags);
  use_fd(sqe, op.fd);
  return true;
}

bool prep_sync_file_range(io_uring_sqe* sqe, OpBase& base) noexcept {
  auto& op = as<SyncFileRange>(base);
  io_uring_prep_sync_file_range(sqe, op.fd.value, op.len, op.offset, static_cast<int>(op.flags));
  use_fd(sqe, op.fd);
  return true;
}

bool prep_open_at(io_uring_sqe* sqe, OpBase& base) noexcept {
  auto& op = as<OpenAt>(base);
  io_uring_prep_openat(sqe, op.dirfd, op.path, op.flags, op.mode);
  return true;
}

bool prep_timeout(io_uring_sqe* sqe, OpBase& base) noexcept {
  io_uring_prep_timeout(sqe, &as<Timeout>(base).ts, 0, IORING_TIMEOUT_BOOTTIME);
  return true;
}

bool prep_splice(io_uring_sqe* sqe, OpBase& base) noexcept {
  auto& op = as<Splice>(base);
  unsigned flags = op.flags;
  if (op.fd_in.fixed) flags |= SPLICE_F_FD_IN_FIXED;
  io_uring_prep_splice(sqe, op.fd_in.value, op.off_in, op.fd_out.value, op.off_out, op.len, flags);
  if (op.fd_out.fixed) sqe->flags |= IOSQE_FIXED_FILE;
  return true;
}

bool prep_msg_ring(io_uring_sqe* sqe, OpBase& base) noexcept {
  auto& op = as<MsgRing>(base);
  io_uring_prep_msg_ring(sqe, op.target->ring_fd(), static_cast<unsigned>(op.result),
                         encode_message(op.message), 0);
  return true;
}

}  // namespace

// Indexed by OpCode: one indirect call per push.
const PrepFn kPrepTable[] = {
    prep_nop,
    prep_rw<Read, IORING_OP_READ, false>,
    prep_rw<Write, IORING_OP_WRITE, false>,
    prep_rw<ReadAt, IORING_OP_READ, true>,
    prep_rw<WriteAt, IORING_OP_WRITE, true>,
    prep_vector<ReadvAt, IORING_OP_READV>,
    prep_vector<WritevAt, IORING_OP_WRITEV>,
    prep_fixed_rw<ReadAtFixed, IORING_OP_READ_FIXED>,
    prep_fixed_rw<WriteAtFixed, IORING_OP_WRITE_FIXED>,
    prep_socket_rw<Recv, IORING_OP_RECV>,
    prep_socket_rw<Send, IORING_OP_SEND>,
    prep_message<RecvMsg, IORING_OP_RECVMSG>,
    prep_message<SendMsg, IORING_OP_SENDMSG>,
    prep_accept,
    prep_connect,
    prep_close,
    prep_fsync,
    prep_sync_file_range,
    prep_open_at,
    prep_shutdown,
    prep_timeout,
    prep_accept_multishot,
    prep_recv_multishot,
    prep_socket_rw<SendZc, IORING_OP_SEND_ZC>,
    prep_splice,
    prep_msg_ring,
};
static_assert(std::size(kPrepTable) == kOpCodeCount, "every OpCode needs a prep function");

}  // namespace cio::detail
