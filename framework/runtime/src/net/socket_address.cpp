#include <cio/net/socket_address.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/un.h>

#include <charconv>
#include <cstddef>
#include <cstring>
#include <system_error>

namespace cio::net {
namespace {

constexpr const char* kParse = "parse socket address";

Result<SocketAddress> parse_error() {
  return Result<SocketAddress>(std::make_error_code(std::errc::invalid_argument), kParse);
}

bool parse_port(std::string_view text, uint16_t& port) {
  const char* end = text.data() + text.size();
  auto [last, error] = std::from_chars(text.data(), end, port);
  return !text.empty() && error == std::errc() && last == end;
}

bool is_bracketed(std::string_view host) {
  return host.size() >= 2 && host.front() == '[' && host.back() == ']';
}

template <typename Sockaddr>
SocketAddress from(const Sockaddr& address) {
  return SocketAddress(reinterpret_cast<const sockaddr*>(&address), sizeof(address));
}

SocketAddress make_ipv4(const in_addr& host, uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr = host;
  return from(address);
}

SocketAddress make_ipv6(const in6_addr& host, uint16_t port) {
  sockaddr_in6 address{};
  address.sin6_family = AF_INET6;
  address.sin6_port = htons(port);
  address.sin6_addr = host;
  return from(address);
}

std::string append_port(const std::string& host, uint16_t port) {
  return host + ":" + std::to_string(port);
}

}  // namespace

SocketAddress::SocketAddress(const sockaddr* address, socklen_t length) noexcept
    : length_(length < sizeof(storage_) ? length : socklen_t{sizeof(storage_)}) {
  std::memcpy(&storage_, address, length_);
}

Result<SocketAddress> SocketAddress::parse(std::string_view text) {
  const size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) return parse_error();
  uint16_t port = 0;
  if (!parse_port(text.substr(colon + 1), port)) return parse_error();
  const std::string_view host = text.substr(0, colon);
  // Without brackets, the last colon of an IPv6 address would pass for the
  // port's: only IPv4 may go bare here.
  if (!is_bracketed(host) && host.find(':') != std::string_view::npos) return parse_error();
  return from_host_port(host, port);
}

Result<SocketAddress> SocketAddress::from_host_port(std::string_view host, uint16_t port) {
  const bool bracketed = is_bracketed(host);
  const std::string bare(bracketed ? host.substr(1, host.size() - 2) : host);
  in_addr v4{};
  if (!bracketed && inet_pton(AF_INET, bare.c_str(), &v4) == 1) return make_ipv4(v4, port);
  in6_addr v6{};
  if (inet_pton(AF_INET6, bare.c_str(), &v6) == 1) return make_ipv6(v6, port);
  return parse_error();
}

SocketAddress SocketAddress::ipv4_loopback(uint16_t port) noexcept {
  return make_ipv4(in_addr{htonl(INADDR_LOOPBACK)}, port);
}

SocketAddress SocketAddress::ipv6_loopback(uint16_t port) noexcept {
  return make_ipv6(in6addr_loopback, port);
}

Result<SocketAddress> SocketAddress::unix_path(std::string_view path) {
  sockaddr_un address{};
  if (path.size() >= sizeof(address.sun_path)) {
    return Result<SocketAddress>(std::make_error_code(std::errc::filename_too_long),
                                 "unix socket path");
  }
  address.sun_family = AF_UNIX;
  std::memcpy(address.sun_path, path.data(), path.size());
  const auto length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + path.size() + 1);
  return SocketAddress(reinterpret_cast<const sockaddr*>(&address), length);
}

SocketAddress SocketAddress::with_port(uint16_t port) const noexcept {
  SocketAddress copy = *this;
  if (family() == AF_INET) reinterpret_cast<sockaddr_in&>(copy.storage_).sin_port = htons(port);
  if (family() == AF_INET6) reinterpret_cast<sockaddr_in6&>(copy.storage_).sin6_port = htons(port);
  return copy;
}

uint16_t SocketAddress::port() const noexcept {
  if (family() == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in&>(storage_).sin_port);
  if (family() == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6&>(storage_).sin6_port);
  return 0;
}

std::string SocketAddress::path() const {
  constexpr size_t kOffset = offsetof(sockaddr_un, sun_path);
  if (family() != AF_UNIX || length_ <= kOffset) return {};
  const auto& address = reinterpret_cast<const sockaddr_un&>(storage_);
  return std::string(address.sun_path, strnlen(address.sun_path, length_ - kOffset));
}

std::string SocketAddress::to_string() const {
  char host[INET6_ADDRSTRLEN] = {};
  if (family() == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in&>(storage_).sin_addr, host,
              sizeof(host));
    return append_port(host, port());
  }
  if (family() == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6&>(storage_).sin6_addr, host,
              sizeof(host));
    return append_port(std::string("[") + host + "]", port());
  }
  return path();
}

bool operator==(const SocketAddress& a, const SocketAddress& b) noexcept {
  return a.length_ == b.length_ && std::memcmp(&a.storage_, &b.storage_, a.length_) == 0;
}

}  // namespace cio::net
