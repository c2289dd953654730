/// @file
/// StreamSocket: the byte-stream operations TcpStream and UnixStream share.
/// read/write/readv/writev/shutdown return awaitables that keep their op in
/// the awaiting frame (no allocation); read_exact/write_all are loops (Tasks).
/// Every send uses MSG_NOSIGNAL: a reset peer is an error, never a SIGPIPE.
/// The loops keep a pointer to the socket: it must not move while one runs.
///
///   std::array<std::byte, 64> buf;
///   auto n = co_await stream.read(buf);            // Result<size_t>, 0 = EOF
///   auto ok = co_await stream.write_all(payload);  // Result<void>
#pragma once

#include <sys/socket.h>
#include <sys/uio.h>

#include <cstddef>
#include <span>

#include <cio/core/stop.hpp>
#include <cio/core/task.hpp>
#include <cio/detail/named_op.hpp>
#include <cio/driver/ops.hpp>
#include <cio/net/socket.hpp>

namespace cio::net {

/// Base of the connected stream sockets (TcpStream, UnixStream). Every call
/// runs on the shard that owns the socket and must be awaited there.
class StreamSocket : public Socket {
 public:
  /// Awaitable returned by read(): Result<size_t>.
  using ReadOp = cio::detail::NamedOp<Recv>;
  /// Awaitable returned by write(): Result<size_t>.
  using WriteOp = cio::detail::NamedOp<Send>;
  /// Awaitable returned by readv(): Result<size_t>.
  using ReadvOp = cio::detail::NamedOp<RecvMsg>;
  /// Awaitable returned by writev(): Result<size_t>.
  using WritevOp = cio::detail::NamedOp<SendMsg>;
  /// Awaitable returned by shutdown(): Result<void>.
  using ShutdownOp = cio::detail::NamedOp<Shutdown, void>;

  /// Receives up to buffer.size() bytes: Result<size_t>, 0 at end of stream.
  /// Stopping `token` cancels it (operation_canceled). Errors named "read".
  /// The caller keeps `buffer` alive until the awaitable completes.
  ReadOp read(std::span<std::byte> buffer, StopToken token = {}) noexcept;
  /// Fills all of `buffer`. Errors named "read_exact"; a stream that ends
  /// first gives no_message_available (ENODATA).
  Task<Result<void>> read_exact(std::span<std::byte> buffer, StopToken token = {});
  /// Sends up to data.size() bytes: Result<size_t> (may be short).
  /// Errors named "write" (a reset peer: connection_reset or broken_pipe).
  WriteOp write(std::span<const std::byte> data, StopToken token = {}) noexcept;
  /// Sends all of `data`, resuming after short writes. Errors named "write_all".
  Task<Result<void>> write_all(std::span<const std::byte> data, StopToken token = {});
  /// Scatter form of read(): fills `buffers` in order; Result<size_t>, 0 at
  /// end of stream. At most kMaxIov (8) buffers are used per call; the
  /// iovec array is copied into the op, the memory it points at is not.
  /// Errors named "readv".
  ReadvOp readv(std::span<const iovec> buffers, StopToken token = {}) noexcept;
  /// Gather form of write(): sends from `buffers` in order; Result<size_t>
  /// (may be short). At most kMaxIov (8) buffers per call, copied as for
  /// readv(). Errors named "writev".
  WritevOp writev(std::span<const iovec> buffers, StopToken token = {}) noexcept;
  /// shutdown(2) through the driver: `how` is SHUT_RD, SHUT_WR or SHUT_RDWR.
  /// Not cancellable. Error named "shutdown".
  ShutdownOp shutdown(int how = SHUT_WR) noexcept;

  /// getpeername. Error named "getpeername" (not_connected once reset).
  Result<SocketAddress> peer_address() const;

 protected:
  /// The constructors of Socket: empty, or taking an attached OwnedFd.
  using Socket::Socket;
};

}  // namespace cio::net
