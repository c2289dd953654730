/// @file
/// ensure_address_free(): whether a server may take an IP address:port.
///
/// SO_REUSEPORT lets any socket of the same user join a port's group, so a
/// server that binds one socket per shard with it would share a port that a
/// second copy of itself already serves, and split the clients between the
/// two. Asking first makes the second one fail at start instead.
#pragma once

#include <cio/driver/result.hpp>
#include <cio/net/socket_address.hpp>

namespace cio::net {

/// Binds a socket of `type` (SOCK_STREAM or SOCK_DGRAM) to the IPv4 or IPv6
/// `address` without SO_REUSEPORT and closes it: fails ("bind",
/// EADDRINUSE) where another socket holds the address, even within a
/// SO_REUSEPORT group. A stream probe sets SO_REUSEADDR, so connections
/// left in TIME_WAIT do not count, and an IPv6 probe IPV6_V6ONLY, so that
/// [::]:P is free beside 0.0.0.0:P (a server listening on both). Port 0
/// always succeeds.
Result<void> ensure_address_free(const SocketAddress& address, int type);

}  // namespace cio::net
