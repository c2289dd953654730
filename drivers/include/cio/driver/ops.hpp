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

/// Does nothing and completes with 0 (on both backends).
struct Nop : OpBase {
  Nop() noexcept : OpBase(OpCode::nop) {}
};

/// Buffer + length shared by the plain read/write family.
template <OpCode Code, typename Ptr>
struct BufferOp : OpBase {
  /// `length` bytes at `data` on `target`, at file offset `at`.
  BufferOp(FdRef target, Ptr data, uint32_t length, uint64_t at = 0) noexcept
      : OpBase(Code), fd(target), buf(data), len(length), offset(at) {}
  FdRef fd;  ///< what to read or write
  Ptr buf;   ///< caller's memory, filled or read by the kernel until the final entry
  /// Most bytes to move; the result is the count moved, which may be fewer.
  uint32_t len;
  uint64_t offset;  ///< used by the *At variants only
};

/// Read/Write use the file's current position (sockets, pipes, terminals).
/// Result: bytes read, 0 at end of file.
struct Read : BufferOp<OpCode::read, void*> {
  /// Reads up to `len` bytes into `buf`.
  Read(FdRef fd, void* buf, uint32_t len) noexcept : BufferOp(fd, buf, len) {}
};
/// write(2) at the file's current position. Result: bytes written.
struct Write : BufferOp<OpCode::write, const void*> {
  /// Writes up to `len` bytes from `buf`.
  Write(FdRef fd, const void* buf, uint32_t len) noexcept : BufferOp(fd, buf, len) {}
};
/// pread(2) at `offset` (ignored on pipes and sockets, as by io_uring).
/// Result: bytes read, 0 at end of file.
struct ReadAt : BufferOp<OpCode::read_at, void*> {
  /// Reads up to `len` bytes at file offset `offset` into `buf`.
  ReadAt(FdRef fd, void* buf, uint32_t len, uint64_t offset) noexcept
      : BufferOp(fd, buf, len, offset) {}
};
/// pwrite(2) at `offset` (ignored on pipes and sockets, as by io_uring).
/// Result: bytes written.
struct WriteAt : BufferOp<OpCode::write_at, const void*> {
  /// Writes up to `len` bytes from `buf` at file offset `offset`.
  WriteAt(FdRef fd, const void* buf, uint32_t len, uint64_t offset) noexcept
      : BufferOp(fd, buf, len, offset) {}
};

/// ReadAt/WriteAt on memory registered with Driver::register_buffers:
/// [buf, buf + len) must lie inside registered buffer `buf_index`, else the
/// op ends with -EFAULT. io_uring then skips pinning and mapping the pages
/// on every op; epoll checks the range and does a plain pread/pwrite.
template <OpCode Code, typename Ptr>
struct FixedBufferOp : BufferOp<Code, Ptr> {
  /// As BufferOp, with `index` naming the registered buffer that holds `buf`.
  FixedBufferOp(FdRef fd, Ptr buf, uint32_t len, uint64_t offset, uint16_t index) noexcept
      : BufferOp<Code, Ptr>(fd, buf, len, offset), buf_index(index) {}
  uint16_t buf_index;  ///< position in the span given to Driver::register_buffers
};
/// ReadAt into registered memory. Result: bytes read, 0 at end of file.
struct ReadAtFixed : FixedBufferOp<OpCode::read_at_fixed, void*> {
  /// Reads up to `len` bytes at `offset` into `buf`, inside buffer `index`.
  ReadAtFixed(FdRef fd, void* buf, uint32_t len, uint64_t offset, uint16_t index) noexcept
      : FixedBufferOp(fd, buf, len, offset, index) {}
};
/// WriteAt from registered memory. Result: bytes written.
struct WriteAtFixed : FixedBufferOp<OpCode::write_at_fixed, const void*> {
  /// Writes up to `len` bytes from `buf`, inside buffer `index`, at `offset`.
  WriteAtFixed(FdRef fd, const void* buf, uint32_t len, uint64_t offset, uint16_t index) noexcept
      : FixedBufferOp(fd, buf, len, offset, index) {}
};

/// Up to kMaxIov iovecs copied into the op; any beyond that are ignored.
/// Result: total bytes moved.
template <OpCode Code>
struct VectorOp : OpBase {
  /// Copies the first kMaxIov of `vecs` (the array may go away after this;
  /// the buffers they point at may not), to move at file offset `at`.
  VectorOp(FdRef target, std::span<const iovec> vecs, uint64_t at) noexcept
      : OpBase(Code), fd(target), offset(at) {
    iovcnt = static_cast<uint32_t>(vecs.size() < kMaxIov ? vecs.size() : kMaxIov);
    for (uint32_t i = 0; i < iovcnt; ++i) iov[i] = vecs[i];
  }
  FdRef fd;              ///< what to read or write
  iovec iov[kMaxIov]{};  ///< the copied iovecs; the kernel reads these
  uint32_t iovcnt = 0;   ///< how many of `iov` are used
  uint64_t offset;       ///< file offset (ignored on pipes and sockets)
};
/// preadv(2): fills the iovecs in order from file offset `offset`.
using ReadvAt = VectorOp<OpCode::readv_at>;
/// pwritev(2): writes the iovecs in order at file offset `offset`.
using WritevAt = VectorOp<OpCode::writev_at>;

/// recv(2) into one buffer. Result: bytes received, 0 once the peer shut down.
struct Recv : BufferOp<OpCode::recv, void*> {
  /// Receives up to `len` bytes into `buf`.
  Recv(FdRef fd, void* buf, uint32_t len, int msg_flags = 0) noexcept
      : BufferOp(fd, buf, len), flags(msg_flags) {}
  int flags;  ///< MSG_* flags for recv(2); epoll adds MSG_DONTWAIT
};
/// Sends default to MSG_NOSIGNAL: a peer reset is an error, not a SIGPIPE.
/// Result: bytes sent, which may be fewer than `len`.
struct Send : BufferOp<OpCode::send, const void*> {
  /// Sends up to `len` bytes from `buf`.
  Send(FdRef fd, const void* buf, uint32_t len, int msg_flags = MSG_NOSIGNAL) noexcept
      : BufferOp(fd, buf, len), flags(msg_flags) {}
  int flags;  ///< MSG_* flags for send(2); epoll adds MSG_DONTWAIT
};

/// A msghdr whose iovecs and peer address live inside the op. After a
/// completion, `addr`/`msg.msg_namelen` hold the peer of a RecvMsg.
template <OpCode Code>
struct MessageOp : OpBase {
  /// Copies the first kMaxIov of `vecs` (any beyond are ignored); `msg_flags`
  /// are MSG_* flags for recvmsg/sendmsg. A SendMsg starts with no peer.
  MessageOp(FdRef target, std::span<const iovec> vecs, int msg_flags) noexcept;
  /// Copies an idle op, its msghdr re-pointed at the copy's own iovecs and
  /// address. Aborts if `other` is in flight.
  MessageOp(const MessageOp& other) noexcept;
  /// Not assignable: a member-wise copy would leave `msg` pointing into the
  /// source op.
  MessageOp& operator=(const MessageOp&) = delete;

  /// Sets the destination (SendMsg) of the message: copies `peer`, at most
  /// sizeof(sockaddr_storage) bytes of it, into `addr`.
  void set_peer(const sockaddr* peer, socklen_t length) noexcept;

  FdRef fd;   ///< the socket
  int flags;  ///< MSG_* flags for recvmsg/sendmsg; epoll adds MSG_DONTWAIT
  /// The msghdr the kernel gets; msg_iov and msg_name point into this op.
  /// RecvMsg resets msg_name/msg_namelen to all of `addr` at each push.
  msghdr msg{};
  iovec iov[kMaxIov]{};     ///< the message's buffers (msg.msg_iovlen of them)
  sockaddr_storage addr{};  ///< RecvMsg: the sender, after completion; SendMsg: set_peer's

 private:
  void link_fields() noexcept;
};
/// recvmsg(2). Result: bytes received.
using RecvMsg = MessageOp<OpCode::recv_msg>;
/// sendmsg(2), to set_peer's address or, without one, a connected socket's
/// peer. Result: bytes sent.
using SendMsg = MessageOp<OpCode::send_msg>;

/// One-buffer conveniences over RecvMsg/SendMsg (UDP and friends).
struct RecvFrom : RecvMsg {
  /// Receives up to `len` bytes into `buf`; the sender lands in `addr`.
  RecvFrom(FdRef fd, void* buf, uint32_t len, int msg_flags = 0) noexcept
      : RecvMsg(fd, std::span<const iovec>(), msg_flags) {
    iov[0] = {buf, len};
    msg.msg_iovlen = 1;
  }
};
/// Sends one buffer to one address (a SendMsg with set_peer done).
struct SendTo : SendMsg {
  /// Sends `len` bytes from `buf` to `peer`, which is copied into the op.
  SendTo(FdRef fd, const void* buf, uint32_t len, const sockaddr* peer, socklen_t peer_len,
         int msg_flags = MSG_NOSIGNAL) noexcept
      : SendMsg(fd, std::span<const iovec>(), msg_flags) {
    iov[0] = {const_cast<void*>(buf), len};
    msg.msg_iovlen = 1;
    set_peer(peer, peer_len);
  }
};

/// Result: the accepted descriptor; `addr`/`addrlen` hold the peer.
/// The new descriptor is a plain one, owned by the caller (attach it to use
/// it with an epoll driver).
struct Accept : OpBase {
  /// Accepts one connection on `listener`; `accept_flags` are accept4(2)'s.
  explicit Accept(FdRef listener, int accept_flags = SOCK_CLOEXEC) noexcept
      : OpBase(OpCode::accept), fd(listener), flags(accept_flags) {}
  FdRef fd;                 ///< the listening socket
  int flags;                ///< SOCK_CLOEXEC, SOCK_NONBLOCK for the new descriptor
  sockaddr_storage addr{};  ///< the peer's address, after completion
  /// The peer address's length, after completion (reset to all of `addr` at
  /// each push).
  socklen_t addrlen = sizeof(sockaddr_storage);
};

/// connect(2). Result: 0 once connected, or -errno (e.g. -ECONNREFUSED).
struct Connect : OpBase {
  /// Connects `socket` to `peer`, copying at most sizeof(sockaddr_storage)
  /// bytes of it into the op.
  Connect(FdRef socket, const sockaddr* peer, socklen_t length) noexcept;
  FdRef fd;                 ///< the socket
  sockaddr_storage addr{};  ///< the peer address, copied
  socklen_t addrlen;        ///< bytes of `addr` in use
};

/// Closing a FixedFd also frees its slot. Result: 0 or -errno. On epoll,
/// ops still waiting on the descriptor end first, with -ECANCELED.
struct Close : OpBase {
  /// Closes `target`.
  explicit Close(FdRef target) noexcept : OpBase(OpCode::close), fd(target) {}
  FdRef fd;  ///< the descriptor or slot to close
};

/// Flushes a file to storage. Result: 0 or -errno.
struct Fsync : OpBase {
  /// How much to flush.
  enum class Mode : uint8_t {
    full,      ///< data and metadata, as fsync(2)
    data_only  ///< data and the metadata needed to read it, as fdatasync(2)
  };
  /// Flushes `target` as `sync_mode` says.
  explicit Fsync(FdRef target, Mode sync_mode = Mode::full) noexcept
      : OpBase(OpCode::fsync), fd(target), mode(sync_mode) {}
  FdRef fd;   ///< the file
  Mode mode;  ///< full or data_only
};

/// sync_file_range(2) on [offset, offset + len); len 0 means to the end of
/// the file. `flags` are SYNC_FILE_RANGE_*: WRITE alone starts writeback of
/// the range without waiting for it.
/// Result: 0 or -errno.
struct SyncFileRange : OpBase {
  /// Syncs [at, at + length) of `target` as `range_flags` say.
  SyncFileRange(FdRef target, uint64_t at, uint32_t length, unsigned range_flags) noexcept
      : OpBase(OpCode::sync_file_range), fd(target), offset(at), len(length), flags(range_flags) {}
  FdRef fd;         ///< the file
  uint64_t offset;  ///< first byte of the range
  uint32_t len;     ///< bytes in the range; 0: to the end of the file
  unsigned flags;   ///< SYNC_FILE_RANGE_* bits
};

/// Result: the new descriptor. `path` must stay valid until the completion.
/// The descriptor is a plain one, owned by the caller. epoll opens at push,
/// blocking the thread as openat(2) does.
struct OpenAt : OpBase {
  /// Opens `file` relative to `dir_fd` with openat(2)'s flags and mode.
  OpenAt(int dir_fd, const char* file, int open_flags, unsigned file_mode = 0) noexcept
      : OpBase(OpCode::open_at), dirfd(dir_fd), path(file), flags(open_flags), mode(file_mode) {}
  int dirfd;         ///< directory `path` is relative to, or AT_FDCWD
  const char* path;  ///< NUL-terminated, caller-owned
  int flags;         ///< O_* flags
  unsigned mode;     ///< permission bits for a created file (O_CREAT, O_TMPFILE)
};

/// shutdown(2) on a socket. Result: 0 or -errno.
struct Shutdown : OpBase {
  /// Shuts down `direction` (SHUT_RD, SHUT_WR or SHUT_RDWR) of `socket`.
  Shutdown(FdRef socket, int direction) noexcept
      : OpBase(OpCode::shutdown), fd(socket), how(direction) {}
  FdRef fd;  ///< the socket
  int how;   ///< SHUT_RD, SHUT_WR or SHUT_RDWR
};

/// Completes with 0 after `duration` on CLOCK_BOOTTIME (suspend counts);
/// expiry is success. Cancelled: -ECANCELED. The time runs from the submit on
/// io_uring, from the push on epoll. Also the partner of
/// Driver::try_push_linked.
struct Timeout : OpBase {
  /// A timer of `duration`; a negative one counts as 0.
  explicit Timeout(std::chrono::nanoseconds duration) noexcept;
  __kernel_timespec ts{};  ///< the duration, as the kernel reads it
  /// Epoll backend bookkeeping: absolute deadline and timer-heap links.
  uint64_t deadline_ns = 0;
  Timeout* heap_parent = nullptr;   ///< epoll timer heap link; not for callers
  Timeout* heap_child = nullptr;    ///< epoll timer heap link; not for callers
  Timeout* heap_sibling = nullptr;  ///< epoll timer heap link; not for callers
};

/// Each completion carries one accepted descriptor and kEntryMore while the
/// op stays armed; the final one (no kEntryMore) ends it.
/// No peer address is reported. Needs Capability::multishot_accept.
struct AcceptMultishot : OpBase {
  /// Accepts connections on `listener`; `accept_flags` are accept4(2)'s.
  explicit AcceptMultishot(FdRef listener, int accept_flags = SOCK_CLOEXEC) noexcept
      : OpBase(OpCode::accept_multishot), fd(listener), flags(accept_flags) {}
  FdRef fd;   ///< the listening socket
  int flags;  ///< SOCK_CLOEXEC, SOCK_NONBLOCK for each new descriptor
};

/// Each completion carries bytes received into a buffer picked from the
/// BufferRing with `group` (Entry::buffer_id). -ENOBUFS ends the op when the
/// ring runs dry: recycle buffers and push it again; no byte is lost.
/// Needs Capability::multishot_recv and a BufferRing registered with the driver.
struct RecvMultishot : OpBase {
  /// Receives on `socket` into buffers of the ring with group `buffer_group`.
  RecvMultishot(FdRef socket, uint16_t buffer_group, int msg_flags = 0) noexcept
      : OpBase(OpCode::recv_multishot), fd(socket), group(buffer_group), flags(msg_flags) {}
  FdRef fd;        ///< the socket
  uint16_t group;  ///< BufferRing::group() of the ring to take buffers from
  int flags;       ///< MSG_* flags for recv(2)
};

/// Zero-copy send: first the result (with kEntryMore), then a notification
/// entry (kEntryNotification) once the kernel no longer reads `buf`.
/// Needs Capability::send_zc.
struct SendZc : BufferOp<OpCode::send_zc, const void*> {
  /// Sends up to `len` bytes from `buf` without copying them.
  SendZc(FdRef fd, const void* buf, uint32_t len, int msg_flags = MSG_NOSIGNAL) noexcept
      : BufferOp(fd, buf, len), flags(msg_flags) {}
  int flags;  ///< MSG_* flags for send(2)
};

/// Moves up to `len` bytes between descriptors, one of which is a pipe.
/// An offset of -1 means "current position / not seekable".
/// Result: bytes moved. Needs Capability::splice.
struct Splice : OpBase {
  /// Moves up to `length` bytes from `from` at `from_offset` to `to` at
  /// `to_offset`.
  Splice(FdRef from, int64_t from_offset, FdRef to, int64_t to_offset, uint32_t length) noexcept
      : OpBase(OpCode::splice),
        fd_in(from),
        off_in(from_offset),
        fd_out(to),
        off_out(to_offset),
        len(length) {}
  FdRef fd_in;         ///< source
  int64_t off_in;      ///< source offset, or -1
  FdRef fd_out;        ///< destination
  int64_t off_out;     ///< destination offset, or -1
  uint32_t len;        ///< most bytes to move
  unsigned flags = 0;  ///< SPLICE_F_* bits (the driver adds SPLICE_F_FD_IN_FIXED)
};

/// MsgRing::message must be below this: the driver keeps the low bits of the
/// kernel's user_data for its own tag.
inline constexpr uint64_t kMaxMessage = uint64_t{1} << 60;
/// Posts an entry {message, result} into `target`'s completion queue (the
/// cross-shard wake-up): the target's submit reports an Entry whose
/// user_data is `message`. Needs Capability::msg_ring, and io_uring on both
/// drivers. The sender's own entry: 0, or -errno.
struct MsgRing : OpBase {
  /// Posts {payload, value} to `to`, whose ring descriptor is read at the
  /// push: `to` must outlive the op.
  MsgRing(const Driver& to, uint64_t payload, int32_t value) noexcept
      : OpBase(OpCode::msg_ring), target(&to), message(payload), result(value) {}
  const Driver* target;  ///< the receiving driver
  uint64_t message;      ///< the target entry's user_data; below kMaxMessage
  int32_t result;        ///< the target entry's result
};

}  // namespace cio
