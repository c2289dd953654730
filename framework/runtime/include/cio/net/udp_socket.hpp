/// @file
/// UdpSocket: a datagram socket. send_to/recv_from name the peer per call;
/// after connect(), send/recv use the connected peer.
///
///   auto socket = cio::net::UdpSocket::bind(cio::net::SocketAddress::ipv4_loopback());
///   auto got = co_await socket->recv_from(buf);  // got->size, got->peer
#pragma once

#include <cstddef>
#include <span>
#include <utility>

#include <cio/core/stop.hpp>
#include <cio/detail/named_op.hpp>
#include <cio/driver/ops.hpp>
#include <cio/net/socket.hpp>
#include <cio/net/socket_address.hpp>

namespace cio::net {

/// One received datagram: its length and its sender.
struct Datagram {
  size_t size = 0;     ///< Bytes stored in the buffer (a longer datagram was truncated).
  SocketAddress peer;  ///< The sender's address.
};

/// Socket options for UdpSocket::bind().
struct UdpOptions {
  bool reuse_addr = false;  ///< SO_REUSEADDR
  bool reuse_port = false;  ///< SO_REUSEPORT: several sockets (one per shard) on one port.
};

namespace detail {
// A RecvFrom op that resumes with the datagram's size and sender.
class RecvFromOp : public cio::detail::NamedOp<RecvFrom> {
 public:
  using cio::detail::NamedOp<RecvFrom>::NamedOp;
  Result<Datagram> await_resume() noexcept;
};
}  // namespace detail

/// A datagram socket (UDP over IPv4 or IPv6). Every call runs on the shard
/// that bound the socket; the ops take an optional StopToken whose stop
/// cancels them (operation_canceled). Sends use MSG_NOSIGNAL.
class UdpSocket : public Socket {
 public:
  /// Awaitable returned by send_to(): Result<size_t>.
  using SendToOp = cio::detail::NamedOp<SendTo>;
  /// Awaitable returned by send(): Result<size_t>.
  using SendOp = cio::detail::NamedOp<Send>;
  /// Awaitable returned by recv(): Result<size_t>.
  using RecvOp = cio::detail::NamedOp<Recv>;

  /// An empty socket (owns no descriptor).
  UdpSocket() noexcept = default;

  /// A socket bound to `local` (port 0: the kernel picks; see
  /// local_address()). Errors named "socket", "setsockopt ..." or "bind".
  static Result<UdpSocket> bind(const SocketAddress& local, const UdpOptions& options = {});

  /// Sends one datagram to `peer` (the address is copied into the op).
  /// Result<size_t>; errors named "send_to". The caller keeps `data` alive
  /// until the awaitable completes, as for every op below.
  SendToOp send_to(std::span<const std::byte> data, const SocketAddress& peer,
                   StopToken token = {}) noexcept;
  /// Receives one datagram into `buffer` (a longer one is truncated):
  /// Result<Datagram>; errors named "recv_from".
  detail::RecvFromOp recv_from(std::span<std::byte> buffer, StopToken token = {}) noexcept;

  /// Fixes the peer for send/recv (no packets are exchanged). Error named "connect".
  Result<void> connect(const SocketAddress& peer);
  /// Sends one datagram to the connected peer: Result<size_t>. Error named
  /// "send" (destination_address_required before connect()).
  SendOp send(std::span<const std::byte> data, StopToken token = {}) noexcept;
  /// Receives one datagram into `buffer` (a longer one is truncated):
  /// Result<size_t>, the bytes stored. Error named "recv".
  RecvOp recv(std::span<std::byte> buffer, StopToken token = {}) noexcept;

 private:
  explicit UdpSocket(OwnedFd fd) noexcept : Socket(std::move(fd)) {}
};

}  // namespace cio::net
