#include <cio/net/udp_socket.hpp>

#include <sys/socket.h>

#include "socket_util.hpp"

namespace cio::net {

using cio::detail::io_length;

Result<Datagram> detail::RecvFromOp::await_resume() noexcept {
  Result<uint32_t> size = kernel_result();
  if (!size) return cio::detail::error_of<Datagram>(size);
  const RecvFrom& received = op();
  return Datagram{*size, SocketAddress(reinterpret_cast<const sockaddr*>(&received.addr),
                                       received.msg.msg_namelen)};
}

Result<UdpSocket> UdpSocket::bind(const SocketAddress& local, const UdpOptions& options) {
  auto socket = detail::bind_socket(local, SOCK_DGRAM, {options.reuse_addr, options.reuse_port});
  if (!socket) return cio::detail::error_of<UdpSocket>(socket);
  return UdpSocket(std::move(*socket));
}

UdpSocket::SendToOp UdpSocket::send_to(std::span<const std::byte> data, const SocketAddress& peer,
                                       StopToken token) noexcept {
  return SendToOp("send_to", std::move(token), fd(), data.data(), io_length(data.size()),
                  peer.data(), peer.size());
}

detail::RecvFromOp UdpSocket::recv_from(std::span<std::byte> buffer, StopToken token) noexcept {
  return detail::RecvFromOp("recv_from", std::move(token), fd(), buffer.data(),
                            io_length(buffer.size()));
}

Result<void> UdpSocket::connect(const SocketAddress& peer) {
  return detail::connect_now(fd_, peer);
}

UdpSocket::SendOp UdpSocket::send(std::span<const std::byte> data, StopToken token) noexcept {
  return SendOp("send", std::move(token), fd(), data.data(), io_length(data.size()));
}

UdpSocket::RecvOp UdpSocket::recv(std::span<std::byte> buffer, StopToken token) noexcept {
  return RecvOp("recv", std::move(token), fd(), buffer.data(), io_length(buffer.size()));
}

}  // namespace cio::net
