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
  size_t size = 0;
  SocketAddress peer;
};

struct UdpOptions {
  bool reuse_addr = false;
  bool reuse_port = false;
};

namespace detail {
// A RecvFrom op that resumes with the datagram's size and sender.
class RecvFromOp : public cio::detail::NamedOp<RecvFrom> {
 public:
  using cio::detail::NamedOp<RecvFrom>::NamedOp;
  Result<Datagram> await_resume() noexcept;
};
}  // namespace detail

class UdpSocket : public Socket {
 public:
  using SendToOp = cio::detail::NamedOp<SendTo>;
  using SendOp = cio::detail::NamedOp<Send>;
  using RecvOp = cio::detail::NamedOp<Recv>;

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
  /// Errors named "send" / "recv".
  SendOp send(std::span<const std::byte> data, StopToken token = {}) noexcept;
  RecvOp recv(std::span<std::byte> buffer, StopToken token = {}) noexcept;

 private:
  explicit UdpSocket(OwnedFd fd) noexcept : Socket(std::move(fd)) {}
};

}  // namespace cio::net
