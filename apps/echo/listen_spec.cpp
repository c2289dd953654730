#include "listen_spec.hpp"

namespace cio::echo {
namespace {

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

}  // namespace

Parsed<net::SocketAddress> parse_ip_address(std::string_view text) {
  auto address = net::SocketAddress::parse(text);
  if (!address) {
    return ParseError{quoted(text) + " is not a numeric ADDRESS:PORT (e.g. 127.0.0.1:7000 " +
                      "or [::1]:7000)"};
  }
  return *address;
}

Parsed<TcpListenSpec> parse_tcp_listen(std::string_view text) {
  const size_t space = text.find(' ');
  auto address = parse_ip_address(text.substr(0, space));
  if (!address) return ParseError{address.error()};
  TcpListenSpec spec{address.value(), std::nullopt};
  if (space == std::string_view::npos) return spec;
  const size_t start = text.find_first_not_of(' ', space);
  const std::string_view mode = start == std::string_view::npos ? "" : text.substr(start);
  if (mode == "reuseport") {
    spec.mode = ListenMode::reuseport;
  } else if (mode == "distribute") {
    spec.mode = ListenMode::distribute;
  } else {
    return ParseError{quoted(text) + ": unknown balancing " + quoted(mode) +
                      " (allowed reuseport, distribute)"};
  }
  return spec;
}

}  // namespace cio::echo
