/// @file
/// UnixStream: a connected Unix-domain stream socket (filesystem paths; the
/// abstract namespace is not supported). Byte-stream operations come from
/// StreamSocket.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <utility>

#include <cio/core/task.hpp>
#include <cio/net/stream_socket.hpp>

namespace cio::net {

/// A connected Unix-domain stream socket, from connect() or a
/// UnixListener's accept.
class UnixStream : public StreamSocket {
 public:
  /// An empty stream (owns no socket).
  UnixStream() noexcept = default;
  /// Wraps `fd`, a connected Unix stream socket already adopted by this
  /// shard (OwnedFd::adopt).
  explicit UnixStream(OwnedFd fd) noexcept : StreamSocket(std::move(fd)) {}

  /// Connects to the socket at `path`. With `timeout`, gives up after it:
  /// timed_out. Errors named "unix socket path" (too long) or "unix connect"
  /// (no_such_file_or_directory, connection_refused, ...).
  static Task<Result<UnixStream>> connect(
      std::string path, std::optional<std::chrono::nanoseconds> timeout = std::nullopt);
};

}  // namespace cio::net
