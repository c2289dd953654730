/// @file
/// UnixListener: a listening Unix-domain stream socket at a filesystem path.
/// Accepting comes from Listener. The socket file stays after close (as with
/// any Unix socket); `unlink_stale` removes a leftover one on bind.
#pragma once

#include <sys/socket.h>

#include <string_view>
#include <utility>

#include <cio/net/listener.hpp>
#include <cio/net/unix_stream.hpp>

namespace cio::net {

/// Options for UnixListener::bind().
struct UnixListenOptions {
  int backlog = SOMAXCONN;  ///< listen(2) backlog: connections the kernel queues unaccepted.
  /// Before binding, unlink `path` if it is a socket file (never another
  /// kind of file), so a crashed server's leftover does not block a restart.
  bool unlink_stale = false;
};

/// A listening Unix-domain stream socket; accept() and incoming() yield
/// UnixStreams.
class UnixListener : public Listener<UnixStream> {
 public:
  /// An empty listener (owns no socket).
  UnixListener() noexcept = default;

  /// Binds and listens at `path`. Must run on a runtime thread. Errors named
  /// "unix socket path", "unlink stale socket", "socket", "bind"
  /// (address_in_use when the file exists) or "listen".
  static Result<UnixListener> bind(std::string_view path, const UnixListenOptions& options = {});

 private:
  explicit UnixListener(OwnedFd fd) noexcept : Listener(std::move(fd)) {}
};

}  // namespace cio::net
