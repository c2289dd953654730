// The synchronous socket calls the net types share: creating, binding,
// listening, options and addresses. Each names its call in the error.
#pragma once

#include <cio/core/owned_fd.hpp>
#include <cio/driver/result.hpp>
#include <cio/net/socket_address.hpp>

namespace cio::net::detail {

struct BindFlags {
  bool reuse_addr = false;
  bool reuse_port = false;
  bool v6_only = false;  // IPV6_V6ONLY, for an IPv6 address
};

// A new close-on-exec socket attached to the current runtime.
Result<OwnedFd> open_socket(int family, int type, const char* operation);
// A new socket of `local`'s family, options set, bound to `local`.
Result<OwnedFd> bind_socket(const SocketAddress& local, int type, BindFlags flags);
// A stream socket bound to `local` and listening.
Result<OwnedFd> listen_on(const SocketAddress& local, BindFlags flags, int backlog);
// setsockopt of an int flag; errors named `operation`.
Result<void> set_flag(const OwnedFd& socket, int level, int option, bool on, const char* operation);
Result<SocketAddress> local_address(int fd);
Result<SocketAddress> peer_address(int fd);
// The synchronous connect of a datagram socket (no handshake to wait for).
Result<void> connect_now(const OwnedFd& socket, const SocketAddress& peer);

}  // namespace cio::net::detail
