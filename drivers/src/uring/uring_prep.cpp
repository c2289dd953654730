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

constexpr uint64_t kCurrentPosition = ~uint64_t{0};

// One `prep` overload per op type: the table below is generated from
// CIO_DRIVER_OPS, so an op without one does not compile.

// The read/write family maps onto one io_uring_prep_rw each.
template <typename Op>
bool prep_rw(io_uring_sqe* sqe, Op& op, int opcode, uint64_t offset) noexcept {
  io_uring_prep_rw(opcode, sqe, op.fd.value, op.buf, op.len, offset);
  use_fd(sqe, op.fd);
  return true;
}

template <typename Op>
bool prep_fixed_rw(io_uring_sqe* sqe, Op& op, int opcode) noexcept {
  prep_rw(sqe, op, opcode, op.offset);
  sqe->buf_index = op.buf_index;
  return true;
}

template <typename Op>
bool prep_socket_rw(io_uring_sqe* sqe, Op& op, int opcode) noexcept {
  prep_rw(sqe, op, opcode, 0);
  sqe->msg_flags = static_cast<uint32_t>(op.flags);
  return true;
}

template <typename Op>
bool prep_vector(io_uring_sqe* sqe, Op& op, int opcode) noexcept {
  io_uring_prep_rw(opcode, sqe, op.fd.value, op.iov, op.iovcnt, op.offset);
  use_fd(sqe, op.fd);
  return true;
}

template <typename Op>
bool prep_message(io_uring_sqe* sqe, Op& op, int opcode) noexcept {
  io_uring_prep_rw(opcode, sqe, op.fd.value, &op.msg, 1, 0);
  sqe->msg_flags = static_cast<uint32_t>(op.flags);
  use_fd(sqe, op.fd);
  return true;
}

bool prep(io_uring_sqe* sqe, Nop&) noexcept {
  io_uring_prep_nop(sqe);
  return true;
}

bool prep(io_uring_sqe* sqe, Read& op) noexcept {
  return prep_rw(sqe, op, IORING_OP_READ, kCurrentPosition);
}

bool prep(io_uring_sqe* sqe, Write& op) noexcept {
  return prep_rw(sqe, op, IORING_OP_WRITE, kCurrentPosition);
}

bool prep(io_uring_sqe* sqe, ReadAt& op) noexcept {
  return prep_rw(sqe, op, IORING_OP_READ, op.offset);
}

bool prep(io_uring_sqe* sqe, WriteAt& op) noexcept {
  return prep_rw(sqe, op, IORING_OP_WRITE, op.offset);
}

bool prep(io_uring_sqe* sqe, ReadvAt& op) noexcept { return prep_vector(sqe, op, IORING_OP_READV); }

bool prep(io_uring_sqe* sqe, WritevAt& op) noexcept {
  return prep_vector(sqe, op, IORING_OP_WRITEV);
}

bool prep(io_uring_sqe* sqe, ReadAtFixed& op) noexcept {
  return prep_fixed_rw(sqe, op, IORING_OP_READ_FIXED);
}

bool prep(io_uring_sqe* sqe, WriteAtFixed& op) noexcept {
  return prep_fixed_rw(sqe, op, IORING_OP_WRITE_FIXED);
}

bool prep(io_uring_sqe* sqe, Recv& op) noexcept { return prep_socket_rw(sqe, op, IORING_OP_RECV); }

bool prep(io_uring_sqe* sqe, Send& op) noexcept { return prep_socket_rw(sqe, op, IORING_OP_SEND); }

bool prep(io_uring_sqe* sqe, SendZc& op) noexcept {
  return prep_socket_rw(sqe, op, IORING_OP_SEND_ZC);
}

bool prep(io_uring_sqe* sqe, RecvMsg& op) noexcept {
  op.msg.msg_name = &op.addr;  // a reused op gets the full address space again
  op.msg.msg_namelen = sizeof(op.addr);
  return prep_message(sqe, op, IORING_OP_RECVMSG);
}

bool prep(io_uring_sqe* sqe, SendMsg& op) noexcept {
  return prep_message(sqe, op, IORING_OP_SENDMSG);
}

bool prep(io_uring_sqe* sqe, Accept& op) noexcept {
  op.addrlen = sizeof(op.addr);
  io_uring_prep_accept(sqe, op.fd.value, reinterpret_cast<sockaddr*>(&op.addr), &op.addrlen,
                       op.flags);
  use_fd(sqe, op.fd);
  return true;
}

bool prep(io_uring_sqe* sqe, AcceptMultishot& op) noexcept {
  io_uring_prep_multishot_accept(sqe, op.fd.value, nullptr, nullptr, op.flags);
  use_fd(sqe, op.fd);
  return true;
}

bool prep(io_uring_sqe* sqe, RecvMultishot& op) noexcept {
  io_uring_prep_recv_multishot(sqe, op.fd.value, nullptr, 0, op.flags);
  sqe->flags |= IOSQE_BUFFER_SELECT;
  sqe->buf_group = op.group;
  use_fd(sqe, op.fd);
  return true;
}

bool prep(io_uring_sqe* sqe, Connect& op) noexcept {
  io_uring_prep_connect(sqe, op.fd.value, reinterpret_cast<sockaddr*>(&op.addr), op.addrlen);
  use_fd(sqe, op.fd);
  return true;
}

bool prep(io_uring_sqe* sqe, Shutdown& op) noexcept {
  io_uring_prep_shutdown(sqe, op.fd.value, op.how);
  use_fd(sqe, op.fd);
  return true;
}

bool prep(io_uring_sqe* sqe, Close& op) noexcept {
  if (op.fd.fixed) {
    io_uring_prep_close_direct(sqe, static_cast<unsigned>(op.fd.value));
  } else {
    io_uring_prep_close(sqe, op.fd.value);
  }
  return true;
}

bool prep(io_uring_sqe* sqe, Fsync& op) noexcept {
  const unsigned flags = op.mode == Fsync::Mode::data_only ? IORING_FSYNC_DATASYNC : 0;
  io_uring_prep_fsync(sqe, op.fd.value, flags);
  use_fd(sqe, op.fd);
  return true;
}

bool prep(io_uring_sqe* sqe, SyncFileRange& op) noexcept {
  io_uring_prep_sync_file_range(sqe, op.fd.value, op.len, op.offset, static_cast<int>(op.flags));
  use_fd(sqe, op.fd);
  return true;
}

bool prep(io_uring_sqe* sqe, OpenAt& op) noexcept {
  io_uring_prep_openat(sqe, op.dirfd, op.path, op.flags, op.mode);
  return true;
}

bool prep(io_uring_sqe* sqe, Timeout& op) noexcept {
  io_uring_prep_timeout(sqe, &op.ts, 0, IORING_TIMEOUT_BOOTTIME);
  return true;
}

bool prep(io_uring_sqe* sqe, Splice& op) noexcept {
  unsigned flags = op.flags;
  if (op.fd_in.fixed) flags |= SPLICE_F_FD_IN_FIXED;
  io_uring_prep_splice(sqe, op.fd_in.value, op.off_in, op.fd_out.value, op.off_out, op.len, flags);
  if (op.fd_out.fixed) sqe->flags |= IOSQE_FIXED_FILE;
  return true;
}

bool prep(io_uring_sqe* sqe, MsgRing& op) noexcept {
  io_uring_prep_msg_ring(sqe, op.target->ring_fd(), static_cast<unsigned>(op.result),
                         encode_message(op.message), 0);
  return true;
}

}  // namespace

// Indexed by OpCode: one indirect call per push.
#define CIO_PREP_ENTRY(code, Type, reach) \
  [](io_uring_sqe* sqe, OpBase& op) noexcept { return prep(sqe, static_cast<Type&>(op)); },
const PrepFn kPrepTable[] = {CIO_DRIVER_OPS(CIO_PREP_ENTRY)};
#undef CIO_PREP_ENTRY

}  // namespace cio::detail
