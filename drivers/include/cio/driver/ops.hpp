/// @file
/// The operations. Each is a plain struct: the caller fills it, pushes it, and
/// owns it (and every buffer it points at) until its final completion.
/// Everything the kernel reads after prep (iovecs, msghdr, socket addresses,
/// timespecs) lives inside the op, so a stack-built iovec array may go out of
/// scope right after the push. Paths and data buffers stay the caller's.
#pragma once

#include <linux/time_types.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>

#include <cio/driver/fd.hpp>
#include <cio/driver/op_base.hpp>

namespace cio {

class Driver;

/// Most vectored ops carry their iovecs inline; this many at most.
inline constexpr size_t kMaxIov = 8;

struct Nop : OpBase {
  Nop() noexcept : OpBase(OpCode::nop) {}
};

/// Buffer + length shared by the plain read/write family.
template <OpCode Code, typename Ptr>
struct BufferOp : OpBase {
  BufferOp(FdRef target, Ptr data, uint32_t length, uint64_t at = 0) noexcept
      : OpBase(Code), fd(target), buf(data), len(length), offset(at) {}
  FdRef fd;
  Ptr buf;
  uint32_t len;
  uint64_t offset;  ///< used by the *At variants only
};

/// Read/Write use the file's current position (sockets, pipes, terminals).
struct Read : BufferOp<OpCode::read, void*> {
  Read(FdRef fd, void* buf, uint32_t len) noexcept : BufferOp(fd, buf, len) {}
};
struct Write : BufferOp<OpCode::write, const void*> {
  Write(FdRef fd, const void* buf, uint32_t len) noexcept : BufferOp(fd, buf, len) {}
};
struct ReadAt : BufferOp<OpCode::read_at, void*> {
  ReadAt(FdRef fd, void* buf, uint32_t len, uint64_t offset) noexcept
      : BufferOp(fd, buf, len, offset) {}
};
struct WriteAt : BufferOp<OpCode::write_at, const void*> {
  WriteAt(FdRef fd, const void* buf, uint32_t len, uint64_t offset) noexcept
      : BufferOp(fd, buf, len, offset) {}
};

/// ReadAt/WriteAt on memory registered with Driver::register_buffers:
/// [buf, buf + len) must lie inside registered buffer `buf_index`, else the
/// op ends with -EFAULT. io_uring then skips pinning and mapping the pages
/// on every op; epoll checks the range and does a plain pread/pwrite.
template <OpCode Code, typename Ptr>
struct FixedBufferOp : BufferOp<Code, Ptr> {
  FixedBufferOp(FdRef fd, Ptr buf, uint32_t len, uint64_t offset, uint16_t index) noexcept
      : BufferOp<Code, Ptr>(fd, buf, len, offset), buf_index(index) {}
  uint16_t buf_index;
};
struct ReadAtFixed : FixedBufferOp<OpCode::read_at_fixed, void*> {
  ReadAtFixed(FdRef fd, void* buf, uint32_t len, uint64_t offset, uint16_t index) noexcept
      : FixedBufferOp(fd, buf, len, offset, index) {}
};
struct WriteAtFixed : FixedBufferOp<OpCode::write_at_fixed, const void*> {
  WriteAtFixed(FdRef fd, const void* buf, uint32_t len, uint64_t offset, uint16_t index) noexcept
      : FixedBufferOp(fd, buf, len, offset, index) {}
};

/// Up to kMaxIov iovecs copied into the op.
template <OpCode Code>
struct VectorOp : OpBase {
  VectorOp(FdRef target, std::span<const iovec> vecs, uint64_t at) noexcept
      : OpBase(Code), fd(target), offset(at) {
    iovcnt = static_cast<uint32_t>(vecs.size() < kMaxIov ? vecs.size() : kMaxIov);
    for (uint32_t i = 0; i < iovcnt; ++i) iov[i] = vecs[i];
  }
  FdRef fd;
  iovec iov[kMaxIov]{};
  uint32_t iovcnt = 0;
  uint64_t offset;
};
using ReadvAt = VectorOp<OpCode::readv_at>;
using WritevAt = VectorOp<OpCode::writev_at>;

struct Recv : BufferOp<OpCode::recv, void*> {
  Recv(FdRef fd, void* buf, uint32_t len, int msg_flags = 0) noexcept
      : BufferOp(fd, buf, len), flags(msg_flags) {}
  int flags;
};
/// Sends default to MSG_NOSIGNAL: a peer reset is an error, not a SIGPIPE.
struct Send : BufferOp<OpCode::send, const void*> {
  Send(FdRef fd, const void* buf, uint32_t len, int msg_flags = MSG_NOSIGNAL) noexcept
      : BufferOp(fd, buf, len), flags(msg_flags) {}
  int flags;
};

/// A msghdr whose iovecs and peer address live inside the op. After a
/// completion, `addr`/`msg.msg_namelen` hold the peer of a RecvMsg.
template <OpCode Code>
struct MessageOp : OpBase {
  MessageOp(FdRef target, std::span<const iovec> vecs, int msg_flags) noexcept;
  MessageOp(const MessageOp& other) noexcept;
  MessageOp& operator=(const MessageOp&) = delete;

  /// Sets the destination (SendMsg) of the message.
  void set_peer(const sockaddr* peer, socklen_t length) noexcept;

  FdRef fd;
  int flags;
  msghdr msg{};
  iovec iov[kMaxIov]{};
  sockaddr_storage addr{};

 private:
  void link_fields() noexcept;
};
using RecvMsg = MessageOp<OpCode::recv_msg>;
using SendMsg = MessageOp<OpCode::send_msg>;

/// One-buffer conveniences over RecvMsg/SendMsg (UDP and friends).
struct RecvFrom : RecvMsg {
  RecvFrom(FdRef fd, void* buf, uint32_t len, int msg_flags = 0) noexcept
      : RecvMsg(fd, std::span<const iovec>(), msg_flags) {
    iov[0] = {buf, len};
    msg.msg_iovlen = 1;
  }
};
struct SendTo : SendMsg {
  SendTo(FdRef fd, const void* buf, uint32_t len, const sockaddr* peer, socklen_t peer_len,
         int msg_flags = MSG_NOSIGNAL) noexcept
      : SendMsg(fd, std::span<const iovec>(), msg_flags) {
    iov[0] = {const_cast<void*>(buf), len};
    msg.msg_iovlen = 1;
    set_peer(peer, peer_len);
  }
};

/// Result: the accepted descriptor; `addr`/`addrlen` hold the peer.
struct Accept : OpBase {
  explicit Accept(FdRef listener, int accept_flags = SOCK_CLOEXEC) noexcept
      : OpBase(OpCode::accept), fd(listener), flags(accept_flags) {}
  FdRef fd;
  int flags;
  sockaddr_storage addr{};
  socklen_t addrlen = sizeof(sockaddr_storage);
};

struct Connect : OpBase {
  Connect(FdRef socket, const sockaddr* peer, socklen_t length) noexcept;
  FdRef fd;
  sockaddr_storage addr{};
  socklen_t addrlen;
};

/// Closing a FixedFd also frees its slot.
struct Close : OpBase {
  explicit Close(FdRef target) noexcept : OpBase(OpCode::close), fd(target) {}
  FdRef fd;
};

struct Fsync : OpBase {
  enum class Mode : uint8_t { full, data_only };
  explicit Fsync(FdRef target, Mode sync_mode = Mode::full) noexcept
      : OpBase(OpCode::fsync), fd(target), mode(sync_mode) {}
  FdRef fd;
  Mode mode;
};

/// sync_file_range(2) on [offset, offset + len); len 0 means to the end of
/// the file. `flags` are SYNC_FILE_RANGE_*: WRITE alone starts writeback of
/// the range without waiting for it.
struct SyncFileRange : OpBase {
  SyncFileRange(FdRef target, uint64_t at, uint32_t length, unsigned range_flags) noexcept
      : OpBase(OpCode::sync_file_range), fd(target), offset(at), len(length), flags(range_flags) {}
  FdRef fd;
  uint64_t offset;
  uint32_t len;
  unsigned flags;
};

/// Result: the new descriptor. `path` must stay valid until the completion.
struct OpenAt : OpBase {
  OpenAt(int dir_fd, const char* file, int open_flags, unsigned file_mode = 0) noexcept
      : OpBase(OpCode::open_at), dirfd(dir_fd), path(file), flags(open_flags), mode(file_mode) {}
  int dirfd;
  const char* path;
  int flags;
  unsigned mode;
};

struct Shutdown : OpBase {
  Shutdown(FdRef socket, int direction) noexcept
      : OpBase(OpCode::shutdown), fd(socket), how(direction) {}
  FdRef fd;
  int how;
};

/// Completes with 0 after `duration` on CLOCK_BOOTTIME (suspend counts);
/// expiry is success. Cancelled: -ECANCELED.
struct Timeout : OpBase {
  explicit Timeout(std::chrono::nanoseconds duration) noexcept;
  __kernel_timespec ts{};
  /// Epoll backend bookkeeping: absolute deadline and timer-heap links.
  uint64_t deadline_ns = 0;
  Timeout* heap_parent = nullptr;
  Timeout* heap_child = nullptr;
  Timeout* heap_sibling = nullptr;
};

/// Each completion carries one accepted descriptor and kEntryMore while the
/// op stays armed; the final one (no kEntryMore) ends it.
struct AcceptMultishot : OpBase {
  explicit AcceptMultishot(FdRef listener, int accept_flags = SOCK_CLOEXEC) noexcept
      : OpBase(OpCode::accept_multishot), fd(listener), flags(accept_flags) {}
  FdRef fd;
  int flags;
};

/// Each completion carries bytes received into a buffer picked from the
/// BufferRing with `group` (Entry::buffer_id). -ENOBUFS ends the op when the
/// ring runs dry: recycle buffers and push it again; no byte is lost.
struct RecvMultishot : OpBase {
  RecvMultishot(FdRef socket, uint16_t buffer_group, int msg_flags = 0) noexcept
      : OpBase(OpCode::recv_multishot), fd(socket), group(buffer_group), flags(msg_flags) {}
  FdRef fd;
  uint16_t group;
  int flags;
};

/// Zero-copy send: first the result (with kEntryMore), then a notification
/// entry (kEntryNotification) once the kernel no longer reads `buf`.
struct SendZc : BufferOp<OpCode::send_zc, const void*> {
  SendZc(FdRef fd, const void* buf, uint32_t len, int msg_flags = MSG_NOSIGNAL) noexcept
      : BufferOp(fd, buf, len), flags(msg_flags) {}
  int flags;
};

/// Moves up to `len` bytes between descriptors, one of which is a pipe.
/// An offset of -1 means "current position / not seekable".
struct Splice : OpBase {
  Splice(FdRef from, int64_t from_offset, FdRef to, int64_t to_offset, uint32_t length) noexcept
      : OpBase(OpCode::splice),
        fd_in(from),
        off_in(from_offset),
        fd_out(to),
        off_out(to_offset),
        len(length) {}
  FdRef fd_in;
  int64_t off_in;
  FdRef fd_out;
  int64_t off_out;
  uint32_t len;
  unsigned flags = 0;
};

/// Posts an entry {message, result} into `target`'s completion queue (the
/// cross-shard wake-up). `message` must be below kMaxMessage.
inline constexpr uint64_t kMaxMessage = uint64_t{1} << 60;
struct MsgRing : OpBase {
  MsgRing(const Driver& to, uint64_t payload, int32_t value) noexcept
      : OpBase(OpCode::msg_ring), target(&to), message(payload), result(value) {}
  const Driver* target;
  uint64_t message;
  int32_t result;
};

}  // namespace cio
