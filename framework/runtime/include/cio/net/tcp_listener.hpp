/// @file
/// TcpListener: a listening TCP socket. Accepting comes from Listener.
///
///   auto listener = cio::net::TcpListener::bind(cio::net::SocketAddress::ipv4_loopback());
///   uint16_t port = listener->local_address()->port();  // port 0 picks a free one
#pragma once

#include <sys/socket.h>

#include <utility>

#include <cio/net/listener.hpp>
#include <cio/net/socket_address.hpp>
#include <cio/net/tcp_stream.hpp>

namespace cio::net {

/// Socket options for TcpListener::bind().
struct ListenOptions {
  int backlog = SOMAXCONN;  ///< listen(2) backlog: connections the kernel queues unaccepted.
  /// SO_REUSEPORT: several listeners (one per shard) on one port.
  bool reuse_port = false;
  /// SO_REUSEADDR: rebind while old connections sit in TIME_WAIT.
  bool reuse_addr = true;
};

/// A listening TCP socket; accept() and incoming() yield TcpStreams.
class TcpListener : public Listener<TcpStream> {
 public:
  /// An empty listener (owns no socket).
  TcpListener() noexcept = default;

  /// Binds and listens on `local` (port 0: the kernel picks one; see
  /// local_address()). Must run on a runtime thread. Errors named "socket",
  /// "setsockopt SO_REUSEADDR/SO_REUSEPORT", "bind" (address_in_use, ...) or
  /// "listen".
  static Result<TcpListener> bind(const SocketAddress& local, const ListenOptions& options = {});

 private:
  explicit TcpListener(OwnedFd fd) noexcept : Listener(std::move(fd)) {}
};

}  // namespace cio::net
