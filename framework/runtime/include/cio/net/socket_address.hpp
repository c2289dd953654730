/// @file
/// SocketAddress: an IPv4, IPv6 or Unix-domain socket address, stored as the
/// kernel's sockaddr so it can be handed to bind/connect/sendto unchanged.
///
///   auto addr = cio::net::SocketAddress::parse("127.0.0.1:8080");
///   auto v6 = cio::net::SocketAddress::parse("[::1]:0");
///   auto any = cio::net::SocketAddress::from_host_port("::", 7000);
///   auto path = cio::net::SocketAddress::unix_path("/run/app.sock");
#pragma once

#include <sys/socket.h>

#include <cstdint>
#include <string>
#include <string_view>

#include <cio/driver/result.hpp>

namespace cio::net {

/// A socket address by value (a sockaddr_storage and its length). Plain
/// data: copy it freely, across threads too.
class SocketAddress {
 public:
  /// An empty address (AF_UNSPEC).
  SocketAddress() noexcept = default;
  /// Copies a kernel address (at most sizeof(sockaddr_storage) bytes).
  SocketAddress(const sockaddr* address, socklen_t length) noexcept;

  /// Parses numeric "a.b.c.d:port" or "[v6]:port" (no name lookup, which
  /// would block); an IPv6 address needs its brackets ("::1:80" is refused)
  /// and the port is 0..65535. Error: invalid_argument, named "parse socket
  /// address".
  static Result<SocketAddress> parse(std::string_view text);
  /// A numeric host, "a.b.c.d", "v6" or "[v6]", with `port`. Error:
  /// invalid_argument, named "parse socket address".
  static Result<SocketAddress> from_host_port(std::string_view host, uint16_t port);
  /// The IPv4 loopback address, 127.0.0.1, with `port` (0: the kernel picks
  /// one at bind).
  static SocketAddress ipv4_loopback(uint16_t port = 0) noexcept;
  /// The IPv6 loopback address, "[::1]", with `port` (0: the kernel picks
  /// one at bind).
  static SocketAddress ipv6_loopback(uint16_t port = 0) noexcept;
  /// A filesystem path for AF_UNIX. Error: filename_too_long when it does not
  /// fit in sun_path (with its terminating NUL), named "unix socket path".
  static Result<SocketAddress> unix_path(std::string_view path);

  /// AF_INET, AF_INET6, AF_UNIX, or AF_UNSPEC when empty.
  int family() const noexcept { return storage_.ss_family; }
  /// The port of an IP address; 0 for other families.
  uint16_t port() const noexcept;
  /// A copy with `port` (IPv4, IPv6); other families are copied unchanged.
  SocketAddress with_port(uint16_t port) const noexcept;
  /// The path of a Unix address; empty for other families and unnamed sockets.
  std::string path() const;
  /// "127.0.0.1:80", "[::1]:80", the Unix path, or "" when empty.
  std::string to_string() const;

  /// The kernel form, for bind/connect/sendto; valid while this object is.
  const sockaddr* data() const noexcept { return reinterpret_cast<const sockaddr*>(&storage_); }
  /// The length of data() in bytes (0 when empty).
  socklen_t size() const noexcept { return length_; }

  /// Byte-wise equality of the stored addresses (same length and bytes).
  friend bool operator==(const SocketAddress& a, const SocketAddress& b) noexcept;

 private:
  sockaddr_storage storage_{};
  socklen_t length_ = 0;
};

}  // namespace cio::net
