#include "socket_util.hpp"

#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>

#include <cio/net/address_free.hpp>
#include <cio/net/socket.hpp>

namespace cio::net {
namespace detail {
namespace {

using AddressCall = int (*)(int, sockaddr*, socklen_t*);

Result<SocketAddress> address_of(int fd, AddressCall call, const char* operation) {
  sockaddr_storage storage{};
  socklen_t length = sizeof(storage);
  if (call(fd, reinterpret_cast<sockaddr*>(&storage), &length) < 0) {
    return Result<SocketAddress>(errno_code(errno), operation);
  }
  return SocketAddress(reinterpret_cast<const sockaddr*>(&storage), length);
}

Result<void> check(int ret, const char* operation) {
  if (ret < 0) return Result<void>(errno_code(errno), operation);
  return {};
}

}  // namespace

Result<OwnedFd> open_socket(int family, int type, const char* operation) {
  return OwnedFd::adopt(::socket(family, type | SOCK_CLOEXEC, 0), operation);
}

Result<OwnedFd> bind_socket(const SocketAddress& local, int type, BindFlags flags) {
  auto socket = open_socket(local.family(), type, "socket");
  if (!socket) return socket;
  if (flags.reuse_addr) {
    auto set = set_flag(*socket, SOL_SOCKET, SO_REUSEADDR, true, "setsockopt SO_REUSEADDR");
    if (!set) return cio::detail::error_of<OwnedFd>(set);
  }
  if (flags.reuse_port) {
    auto set = set_flag(*socket, SOL_SOCKET, SO_REUSEPORT, true, "setsockopt SO_REUSEPORT");
    if (!set) return cio::detail::error_of<OwnedFd>(set);
  }
  if (flags.v6_only && local.family() == AF_INET6) {
    auto set = set_flag(*socket, IPPROTO_IPV6, IPV6_V6ONLY, true, "setsockopt IPV6_V6ONLY");
    if (!set) return cio::detail::error_of<OwnedFd>(set);
  }
  auto bound = check(::bind(socket->get(), local.data(), local.size()), "bind");
  if (!bound) return cio::detail::error_of<OwnedFd>(bound);
  return socket;
}

Result<OwnedFd> listen_on(const SocketAddress& local, BindFlags flags, int backlog) {
  auto socket = bind_socket(local, SOCK_STREAM, flags);
  if (!socket) return socket;
  auto listening = check(::listen(socket->get(), backlog), "listen");
  if (!listening) return cio::detail::error_of<OwnedFd>(listening);
  return socket;
}

Result<void> set_flag(const OwnedFd& socket, int level, int option, bool on,
                      const char* operation) {
  const int value = on ? 1 : 0;
  return check(::setsockopt(socket.get(), level, option, &value, sizeof(value)), operation);
}

Result<SocketAddress> local_address(int fd) { return address_of(fd, ::getsockname, "getsockname"); }

Result<SocketAddress> peer_address(int fd) { return address_of(fd, ::getpeername, "getpeername"); }

Result<void> connect_now(const OwnedFd& socket, const SocketAddress& peer) {
  return check(::connect(socket.get(), peer.data(), peer.size()), "connect");
}

}  // namespace detail

Result<SocketAddress> Socket::local_address() const { return detail::local_address(fd_.get()); }

Result<void> ensure_address_free(const SocketAddress& address, int type) {
  if (address.port() == 0) return {};
  // IPv6 only: a listener on [::] also takes IPv4, so a dual-stack probe
  // would find the 0.0.0.0 listener of the same server on the same port.
  auto probe =
      detail::bind_socket(address, type, {.reuse_addr = type == SOCK_STREAM, .v6_only = true});
  if (!probe) return cio::detail::error_of<void>(probe);
  return {};
}

}  // namespace cio::net
