#include <netinet/in.h>
#include <netinet/tcp.h>

#include <cio/net/tcp_listener.hpp>
#include <cio/net/tcp_stream.hpp>
#include "socket_util.hpp"

#include "connect_stream.hpp"

namespace cio::net {

Task<Result<TcpStream>> TcpStream::connect(SocketAddress peer,
                                           std::optional<std::chrono::nanoseconds> timeout) {
  return detail::connect_stream<TcpStream>(peer, timeout, "tcp connect");
}

Result<void> TcpStream::set_nodelay(bool on) {
  return detail::set_flag(fd_, IPPROTO_TCP, TCP_NODELAY, on, "setsockopt TCP_NODELAY");
}

Result<TcpListener> TcpListener::bind(const SocketAddress& local, const ListenOptions& options) {
  auto socket = detail::listen_on(local, {options.reuse_addr, options.reuse_port}, options.backlog);
  if (!socket) return cio::detail::error_of<TcpListener>(socket);
  return TcpListener(std::move(*socket));
}

}  // namespace cio::net
