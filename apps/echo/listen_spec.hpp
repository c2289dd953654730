// A TCP listener as the config names it: "ADDRESS:PORT" optionally followed
// by its balancing mode, e.g. "127.0.0.1:7000", "[::]:7000 distribute".
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <cio/core/parsed.hpp>
#include <cio/net/socket_address.hpp>

namespace cio::echo {

// reuseport: a listener per shard, the kernel spreads connections.
// distribute: shard 0 accepts and hands connections to the shards.
enum class ListenMode { reuseport, distribute };

struct TcpListenSpec {
  net::SocketAddress address;
  std::optional<ListenMode> mode;  // nullopt: the echo.balancing default
};

// What parse_tcp_listen accepts, for --help and error messages.
inline constexpr std::string_view kTcpListenSyntax = "ADDRESS:PORT [reuseport|distribute]";

// Parses one entry; the error names what is wrong with it.
Parsed<TcpListenSpec> parse_tcp_listen(std::string_view text);

// Parses a numeric "ADDRESS:PORT" (IPv4 or [IPv6]).
Parsed<net::SocketAddress> parse_ip_address(std::string_view text);

}  // namespace cio::echo
