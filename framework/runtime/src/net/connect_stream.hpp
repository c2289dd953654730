// connect_stream<Stream>: the connect shared by TcpStream and UnixStream: a
// new socket, one Connect op (with a linked timeout when a limit is given),
// and the connected socket wrapped as a Stream.
#pragma once

#include <sys/socket.h>

#include <chrono>
#include <optional>
#include <utility>

#include <cio/core/op_awaitable.hpp>
#include <cio/core/task.hpp>
#include <cio/core/timed_op.hpp>
#include <cio/detail/named_op.hpp>
#include <cio/driver/ops.hpp>
#include <cio/net/socket_address.hpp>
#include "socket_util.hpp"

namespace cio::net::detail {

template <typename Stream>
Task<Result<Stream>> connect_stream(SocketAddress peer,
                                    std::optional<std::chrono::nanoseconds> limit,
                                    const char* name) {
  auto socket = open_socket(peer.family(), SOCK_STREAM, name);
  if (!socket) co_return cio::detail::error_of<Stream>(socket);
  Result<uint32_t> connected = 0U;
  if (limit) {
    connected = co_await with_timeout<Connect>(*limit, socket->fd(), peer.data(), peer.size());
  } else {
    connected = co_await OpAwaitable<Connect>(socket->fd(), peer.data(), peer.size());
  }
  if (!connected) co_return Result<Stream>(connected.error(), name);
  co_return Stream(std::move(*socket));
}

}  // namespace cio::net::detail
