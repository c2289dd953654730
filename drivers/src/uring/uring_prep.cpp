#include "uring_prep.hpp"

#include <fcntl.h>

#include <cio/driver.hpp>
#include <cio/ops.hpp>

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

// The read/write family maps onto one io_uring_prep_rw each; `at` says
// whether the op's offset is used (otherwise -1: the file's position).
template <typename Op>
void prep_rw(io_uring_sqe* sqe, OpBase& base, int opcode, bool at) noexcept {
  auto& op = as<Op>(base);
  io_uring_prep_rw(opcode, sqe, op.fd.value, op.buf, op.len, at ? op.offset : ~uint64_t{0});
  use_fd(sqe, op.fd);
}

template <typename Op>
void prep_socket_rw(io_uring_sqe* sqe, OpBase& base, int opcode) noexcept {
  prep_rw<Op>(sqe, base, opcode, false);
  sqe->off = 0;
  sqe->msg_flags = static_cast<uint32_t>(as<Op>(base).flags);
}

template <typename Op>
void prep_vector(io_uring_sqe* sqe, OpBase& base, int opcode) noexcept {
  auto& op = as<Op>(base);
  io_uring_prep_rw(opcode, sqe, op.fd.value, op.iov, op.iovcnt, op.offset);
  use_fd(sqe, op.fd);
}

void prep_buffer_ops(io_uring_sqe* sqe, OpBase& base) noexcept {
  switch (base.code()) {
    case OpCode::read:
      return prep_rw<Read>(sqe, base, IORING_OP_READ, false);
    case OpCode::write:
      return prep_rw<Write>(sqe, base, IORING_OP_WRITE, false);
    case OpCode::read_at:
      return prep_rw<ReadAt>(sqe, base, IORING_OP_READ, true);
    case OpCode::write_at:
      return prep_rw<WriteAt>(sqe, base, IORING_OP_WRITE, true);
    case OpCode::readv_at:
      return prep_vector<ReadvAt>(sqe, base, IORING_OP_READV);
    case OpCode::writev_at:
      return prep_vector<WritevAt>(sqe, base, IORING_OP_WRITEV);
    case OpCode::recv:
      return prep_socket_rw<Recv>(sqe, base, IORING_OP_RECV);
    case OpCode::send:
      return prep_socket_rw<Send>(sqe, base, IORING_OP_SEND);
    case OpCode::send_zc:
      return prep_socket_rw<SendZc>(sqe, base, IORING_OP_SEND_ZC);
    default:
      return;
  }
}

void prep_socket_ops(io_uring_sqe* sqe, OpBase& base) noexcept {
  switch (base.code()) {
    case OpCode::recv_msg: {
      auto& op = as<RecvMsg>(base);
      op.msg.msg_name = &op.addr;  // a reused op gets the full address space again
      op.msg.msg_namelen = sizeof(op.addr);
      io_uring_prep_recvmsg(sqe, op.fd.value, &op.msg, static_cast<unsigned>(op.flags));
      return use_fd(sqe, op.fd);
    }
    case OpCode::send_msg: {
      auto& op = as<SendMsg>(base);
      io_uring_prep_sendmsg(sqe, op.fd.value, &op.msg, static_cast<unsigned>(op.flags));
      return use_fd(sqe, op.fd);
    }
    case OpCode::accept: {
      auto& op = as<Accept>(base);
      op.addrlen = sizeof(op.addr);
      io_uring_prep_accept(sqe, op.fd.value, reinterpret_cast<sockaddr*>(&op.addr), &op.addrlen,
                           op.flags);
      return use_fd(sqe, op.fd);
    }
    case OpCode::accept_multishot: {
      auto& op = as<AcceptMultishot>(base);
      io_uring_prep_multishot_accept(sqe, op.fd.value, nullptr, nullptr, op.flags);
      return use_fd(sqe, op.fd);
    }
    case OpCode::recv_multishot: {
      auto& op = as<RecvMultishot>(base);
      io_uring_prep_recv_multishot(sqe, op.fd.value, nullptr, 0, op.flags);
      sqe->flags |= IOSQE_BUFFER_SELECT;
      sqe->buf_group = op.group;
      return use_fd(sqe, op.fd);
    }
    case OpCode::connect: {
      auto& op = as<Connect>(base);
      io_uring_prep_connect(sqe, op.fd.value, reinterpret_cast<sockaddr*>(&op.addr), op.addrlen);
      return use_fd(sqe, op.fd);
    }
    case OpCode::shutdown: {
      auto& op = as<Shutdown>(base);
      io_uring_prep_shutdown(sqe, op.fd.value, op.how);
      return use_fd(sqe, op.fd);
    }
    default:
      return;
  }
}

void prep_file_ops(io_uring_sqe* sqe, OpBase& base) noexcept {
  switch (base.code()) {
    case OpCode::close: {
      auto& op = as<Close>(base);
      if (op.fd.fixed) return io_uring_prep_close_direct(sqe, static_cast<unsigned>(op.fd.value));
      return io_uring_prep_close(sqe, op.fd.value);
    }
    case OpCode::fsync: {
      auto& op = as<Fsync>(base);
      const unsigned flags = op.mode == Fsync::Mode::data_only ? IORING_FSYNC_DATASYNC : 0;
      io_uring_prep_fsync(sqe, op.fd.value, flags);
      return use_fd(sqe, op.fd);
    }
    case OpCode::open_at: {
      auto& op = as<OpenAt>(base);
      return io_uring_prep_openat(sqe, op.dirfd, op.path, op.flags, op.mode);
    }
    case OpCode::timeout: {
      auto& op = as<Timeout>(base);
      return io_uring_prep_timeout(sqe, &op.ts, 0, IORING_TIMEOUT_BOOTTIME);
    }
    case OpCode::splice: {
      auto& op = as<Splice>(base);
      unsigned flags = op.flags;
      if (op.fd_in.fixed) flags |= SPLICE_F_FD_IN_FIXED;
      io_uring_prep_splice(sqe, op.fd_in.value, op.off_in, op.fd_out.value, op.off_out, op.len,
                           flags);
      if (op.fd_out.fixed) sqe->flags |= IOSQE_FIXED_FILE;
      return;
    }
    case OpCode::msg_ring: {
      auto& op = as<MsgRing>(base);
      return io_uring_prep_msg_ring(sqe, op.target->ring_fd(), static_cast<unsigned>(op.result),
                                    encode_message(op.message), 0);
    }
    default:
      return io_uring_prep_nop(sqe);
  }
}

}  // namespace

void prep_sqe(io_uring_sqe* sqe, OpBase& op) noexcept {
  switch (op.code()) {
    case OpCode::read:
    case OpCode::write:
    case OpCode::read_at:
    case OpCode::write_at:
    case OpCode::readv_at:
    case OpCode::writev_at:
    case OpCode::recv:
    case OpCode::send:
    case OpCode::send_zc:
      return prep_buffer_ops(sqe, op);
    case OpCode::recv_msg:
    case OpCode::send_msg:
    case OpCode::accept:
    case OpCode::accept_multishot:
    case OpCode::recv_multishot:
    case OpCode::connect:
    case OpCode::shutdown:
      return prep_socket_ops(sqe, op);
    default:
      return prep_file_ops(sqe, op);
  }
}

}  // namespace cio::detail
