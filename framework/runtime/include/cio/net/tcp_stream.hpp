/// @file
/// TcpStream: a connected TCP socket. The byte-stream operations come from
/// StreamSocket; this adds connecting and TCP options.
///
///   auto stream = co_await cio::net::TcpStream::connect(addr, 2s);
///   if (!stream) log(stream.describe());  // "tcp connect: Connection refused (errno 111)"
#pragma once

#include <chrono>
#include <optional>
#include <utility>

#include <cio/core/task.hpp>
#include <cio/net/socket_address.hpp>
#include <cio/net/stream_socket.hpp>

namespace cio::net {

/// A connected TCP socket, from connect() or a TcpListener's accept.
class TcpStream : public StreamSocket {
 public:
  /// An empty stream (owns no socket).
  TcpStream() noexcept = default;
  /// Wraps `fd`, a connected TCP socket already adopted by this shard
  /// (OwnedFd::adopt), such as one another shard released.
  explicit TcpStream(OwnedFd fd) noexcept : StreamSocket(std::move(fd)) {}

  /// Connects to `peer` (IPv4 or IPv6). With `timeout`, gives up after it:
  /// timed_out. Errors named "tcp connect" (connection_refused, ...).
  static Task<Result<TcpStream>> connect(
      SocketAddress peer, std::optional<std::chrono::nanoseconds> timeout = std::nullopt);

  /// TCP_NODELAY: send small writes at once instead of batching them.
  /// Synchronous. Error named "setsockopt TCP_NODELAY".
  Result<void> set_nodelay(bool on);
};

}  // namespace cio::net
