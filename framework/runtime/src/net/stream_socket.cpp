#include <cio/net/stream_socket.hpp>

#include "socket_util.hpp"
#include "transfer_all.hpp"

namespace cio::net {

StreamSocket::ReadOp StreamSocket::read(std::span<std::byte> buffer, StopToken token) noexcept {
  return ReadOp("read", std::move(token), fd(), buffer.data(),
                cio::detail::io_length(buffer.size()));
}

Task<Result<void>> StreamSocket::read_exact(std::span<std::byte> buffer, StopToken token) {
  auto step = [this, token](std::span<std::byte> rest, size_t) { return read(rest, token); };
  return cio::detail::transfer_all(buffer, step, "read_exact");
}

StreamSocket::WriteOp StreamSocket::write(std::span<const std::byte> data,
                                          StopToken token) noexcept {
  return WriteOp("write", std::move(token), fd(), data.data(), cio::detail::io_length(data.size()));
}

Task<Result<void>> StreamSocket::write_all(std::span<const std::byte> data, StopToken token) {
  auto step = [this, token](std::span<const std::byte> rest, size_t) { return write(rest, token); };
  return cio::detail::transfer_all(data, step, "write_all");
}

StreamSocket::ReadvOp StreamSocket::readv(std::span<const iovec> buffers,
                                          StopToken token) noexcept {
  return ReadvOp("readv", std::move(token), fd(), buffers, 0);
}

StreamSocket::WritevOp StreamSocket::writev(std::span<const iovec> buffers,
                                            StopToken token) noexcept {
  return WritevOp("writev", std::move(token), fd(), buffers, MSG_NOSIGNAL);
}

StreamSocket::ShutdownOp StreamSocket::shutdown(int how) noexcept {
  return ShutdownOp("shutdown", fd(), how);
}

Result<SocketAddress> StreamSocket::peer_address() const {
  return detail::peer_address(native_handle());
}

}  // namespace cio::net
