/// @file
/// Socket: what every socket type shares: one owned descriptor, its local
/// address, and closing. The concrete types (TcpStream, TcpListener,
/// UdpSocket, UnixStream, UnixListener) add their own operations.
#pragma once

#include <utility>

#include <cio/core/owned_fd.hpp>
#include <cio/driver/result.hpp>
#include <cio/net/socket_address.hpp>

namespace cio::net {

/// Base of the socket types: owns the descriptor (closed with close(2) by
/// the destructor if close() was not awaited). The socket types are movable,
/// not copyable; use a socket on the shard that created or adopted it.
class Socket {
 public:
  /// Awaitable returned by close(): Result<void>, errors named "close".
  using CloseOp = OwnedFd::CloseOp;

  /// True while the socket owns a descriptor.
  bool is_open() const noexcept { return fd_.is_open(); }
  /// The raw descriptor, still owned by this object (-1 if none).
  int native_handle() const noexcept { return fd_.get(); }
  /// getsockname. Error named "getsockname".
  Result<SocketAddress> local_address() const;
  /// Closes through the driver: `co_await sock.close()`. The socket owns
  /// nothing from the call on. Stop ops still in flight on it first (with
  /// their StopToken): io_uring keeps the socket open until they end. Without
  /// it, the destructor closes with close(2) (no op may be in flight then).
  CloseOp close() noexcept { return fd_.close(); }
  /// Gives the descriptor up, still open, detached from this runtime's
  /// driver, so another shard can adopt it (OwnedFd::adopt). No op may be
  /// in flight on it. Returns -1 if there is none.
  int release() noexcept;

 protected:
  /// Owns no descriptor.
  Socket() noexcept = default;
  /// Takes `fd` (already attached to this shard's driver).
  explicit Socket(OwnedFd fd) noexcept : fd_(std::move(fd)) {}
  /// Closes the descriptor with close(2) if still open.
  ~Socket() = default;
  /// Takes the descriptor; the moved-from socket owns nothing after.
  Socket(Socket&&) noexcept = default;
  /// Closes this descriptor, if any, then takes the other's.
  Socket& operator=(Socket&&) noexcept = default;

  /// The descriptor as ops take it (Fd{-1} if none).
  Fd fd() const noexcept { return fd_.fd(); }

  OwnedFd fd_;  ///< The owned descriptor.
};

}  // namespace cio::net
