#include "epoll_perform.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include <cio/driver/ops.hpp>

namespace cio::detail {
namespace {

template <typename Op>
Op& as(OpBase& op) noexcept {
  return static_cast<Op&>(op);
}

// A syscall's return value as an Attempt: EAGAIN means wait for `interest`.
Attempt outcome(ssize_t ret, Interest interest) noexcept {
  if (ret >= 0) return {static_cast<int32_t>(ret), Interest::none};
  if (errno == EAGAIN || errno == EWOULDBLOCK) return {0, interest};
  return {-errno, Interest::none};
}

// io_uring ignores the offset on stream files; match it instead of ESPIPE.
template <typename Positional, typename Plain>
Attempt positional(Positional&& at, Plain&& plain, Interest interest) noexcept {
  ssize_t ret = at();
  if (ret < 0 && errno == ESPIPE) ret = plain();
  return outcome(ret, interest);
}

// A non-blocking connect: EINPROGRESS parks it for writability; then the
// socket's error says how it ended. An EPOLLOUT seen before the connect ends
// (an unconnected socket reports one) is told apart with getpeername.
Attempt connect_step(Connect& op, int fd) noexcept {
  if ((op.bookkeeping().backend_state & kConnectInProgress) != 0) {
    int error = 0;
    socklen_t length = sizeof(error);
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) < 0) return {-errno};
    if (error != 0) return {-error};
    sockaddr_storage peer{};
    socklen_t peer_length = sizeof(peer);
    if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_length) == 0) return {0};
    return errno == ENOTCONN ? Attempt{0, Interest::write} : Attempt{-errno};
  }
  if (connect(fd, reinterpret_cast<const sockaddr*>(&op.addr), op.addrlen) == 0) return {0};
  if (errno == EINPROGRESS) {
    op.bookkeeping().backend_state |= kConnectInProgress;
    return {0, Interest::write};
  }
  return outcome(-1, Interest::write);
}

template <typename Op>
Attempt read_at(Op& op, int fd) noexcept {
  return positional([&] { return pread(fd, op.buf, op.len, static_cast<off_t>(op.offset)); },
                    [&] { return read(fd, op.buf, op.len); }, Interest::read);
}

template <typename Op>
Attempt write_at(Op& op, int fd) noexcept {
  return positional([&] { return pwrite(fd, op.buf, op.len, static_cast<off_t>(op.offset)); },
                    [&] { return write(fd, op.buf, op.len); }, Interest::write);
}

// io_uring's answer to a fixed-buffer op outside its registered buffer.
template <typename Op>
bool in_registered_buffer(const OpBase& base, const FdResolver& registered) noexcept {
  const auto& op = static_cast<const Op&>(base);
  return registered.holds(op.buf_index, op.buf, op.len);
}

Attempt perform_io(OpBase& base, int fd) noexcept {
  switch (base.code()) {
    case OpCode::read: {
      auto& op = as<Read>(base);
      return outcome(read(fd, op.buf, op.len), Interest::read);
    }
    case OpCode::write: {
      auto& op = as<Write>(base);
      return outcome(write(fd, op.buf, op.len), Interest::write);
    }
    case OpCode::read_at:
      return read_at(as<ReadAt>(base), fd);
    case OpCode::write_at:
      return write_at(as<WriteAt>(base), fd);
    case OpCode::read_at_fixed:
      return read_at(as<ReadAtFixed>(base), fd);
    case OpCode::write_at_fixed:
      return write_at(as<WriteAtFixed>(base), fd);
    case OpCode::readv_at: {
      auto& op = as<ReadvAt>(base);
      const int count = static_cast<int>(op.iovcnt);
      return positional([&] { return preadv(fd, op.iov, count, static_cast<off_t>(op.offset)); },
                        [&] { return readv(fd, op.iov, count); }, Interest::read);
    }
    case OpCode::writev_at: {
      auto& op = as<WritevAt>(base);
      const int count = static_cast<int>(op.iovcnt);
      return positional([&] { return pwritev(fd, op.iov, count, static_cast<off_t>(op.offset)); },
                        [&] { return writev(fd, op.iov, count); }, Interest::write);
    }
    default:
      return {-EOPNOTSUPP};
  }
}

Attempt perform_socket(OpBase& base, int fd) noexcept {
  switch (base.code()) {
    case OpCode::recv: {
      auto& op = as<Recv>(base);
      return outcome(recv(fd, op.buf, op.len, op.flags | MSG_DONTWAIT), Interest::read);
    }
    case OpCode::send: {
      auto& op = as<Send>(base);
      return outcome(send(fd, op.buf, op.len, op.flags | MSG_DONTWAIT), Interest::write);
    }
    case OpCode::recv_msg: {
      auto& op = as<RecvMsg>(base);
      op.msg.msg_namelen = sizeof(op.addr);
      return outcome(recvmsg(fd, &op.msg, op.flags | MSG_DONTWAIT), Interest::read);
    }
    case OpCode::send_msg: {
      auto& op = as<SendMsg>(base);
      return outcome(sendmsg(fd, &op.msg, op.flags | MSG_DONTWAIT), Interest::write);
    }
    case OpCode::accept: {
      auto& op = as<Accept>(base);
      op.addrlen = sizeof(op.addr);
      return outcome(accept4(fd, reinterpret_cast<sockaddr*>(&op.addr), &op.addrlen, op.flags),
                     Interest::read);
    }
    case OpCode::connect:
      return connect_step(as<Connect>(base), fd);
    case OpCode::shutdown:
      return outcome(shutdown(fd, as<Shutdown>(base).how), Interest::none);
    default:
      return {-EOPNOTSUPP};
  }
}

Attempt perform_file(OpBase& base, int fd) noexcept {
  switch (base.code()) {
    case OpCode::close:
      return outcome(close(fd), Interest::none);
    case OpCode::fsync:
      return outcome(as<Fsync>(base).mode == Fsync::Mode::data_only ? fdatasync(fd) : fsync(fd),
                     Interest::none);
    case OpCode::sync_file_range: {
      auto& op = as<SyncFileRange>(base);
      return outcome(sync_file_range(fd, static_cast<off_t>(op.offset), op.len, op.flags),
                     Interest::none);
    }
    default:
      return {-EOPNOTSUPP};
  }
}

}  // namespace

// The descriptor an op waits on; ops without one (nop, open_at, timeout and
// the io_uring-only ones) have none.
template <typename Op>
int fd_of(const OpBase& base, const FdResolver& fds) noexcept {
  if constexpr (requires(const Op& op) { fds.raw(op.fd); }) {
    return fds.raw(static_cast<const Op&>(base).fd);
  } else {
    return -1;
  }
}

int wait_fd(const OpBase& base, const FdResolver& fds) noexcept {
  switch (base.code()) {
#define CIO_WAIT_FD(code, Type, reach) \
  case OpCode::code:                   \
    return OpReach::reach == OpReach::portable ? fd_of<Type>(base, fds) : -1;
    CIO_DRIVER_OPS(CIO_WAIT_FD)
#undef CIO_WAIT_FD
  }
  return -1;
}

Attempt perform(OpBase& op, const FdResolver& fds) noexcept {
  switch (op.code()) {
    case OpCode::nop:
      return {0};
    case OpCode::open_at: {
      auto& open = as<OpenAt>(op);
      return outcome(openat(open.dirfd, open.path, open.flags, open.mode), Interest::none);
    }
    default:
      break;
  }
  const int fd = wait_fd(op, fds);
  if (fd < 0) return {-EBADF};
  switch (op.code()) {
    case OpCode::read_at_fixed:
      if (!in_registered_buffer<ReadAtFixed>(op, fds)) return {-EFAULT};
      return perform_io(op, fd);
    case OpCode::write_at_fixed:
      if (!in_registered_buffer<WriteAtFixed>(op, fds)) return {-EFAULT};
      return perform_io(op, fd);
    case OpCode::recv:
    case OpCode::send:
    case OpCode::recv_msg:
    case OpCode::send_msg:
    case OpCode::accept:
    case OpCode::connect:
    case OpCode::shutdown:
      return perform_socket(op, fd);
    case OpCode::close:
    case OpCode::fsync:
    case OpCode::sync_file_range:
      return perform_file(op, fd);
    default:
      return perform_io(op, fd);
  }
}

}  // namespace cio::detail
