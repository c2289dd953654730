#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include <cio/net/unix_listener.hpp>
#include <cio/net/unix_stream.hpp>
#include "socket_util.hpp"

#include "connect_stream.hpp"

namespace cio::net {
namespace {

// Unlinks `path` when it is a socket; a missing file is fine.
Result<void> unlink_stale(const std::string& path) {
  struct stat info {};
  if (::lstat(path.c_str(), &info) < 0) {
    if (errno == ENOENT) return {};
    return Result<void>(errno_code(errno), "unlink stale socket");
  }
  if (!S_ISSOCK(info.st_mode) || ::unlink(path.c_str()) == 0 || errno == ENOENT) return {};
  return Result<void>(errno_code(errno), "unlink stale socket");
}

}  // namespace

Task<Result<UnixStream>> UnixStream::connect(std::string path,
                                             std::optional<std::chrono::nanoseconds> timeout) {
  auto peer = SocketAddress::unix_path(path);
  if (!peer) co_return cio::detail::error_of<UnixStream>(peer);
  co_return co_await detail::connect_stream<UnixStream>(*peer, timeout, "unix connect");
}

Result<UnixListener> UnixListener::bind(std::string_view path, const UnixListenOptions& options) {
  auto local = SocketAddress::unix_path(path);
  if (!local) return cio::detail::error_of<UnixListener>(local);
  if (options.unlink_stale) {
    if (auto removed = unlink_stale(std::string(path)); !removed) {
      return cio::detail::error_of<UnixListener>(removed);
    }
  }
  auto socket = detail::listen_on(*local, {}, options.backlog);
  if (!socket) return cio::detail::error_of<UnixListener>(socket);
  return UnixListener(std::move(*socket));
}

}  // namespace cio::net
