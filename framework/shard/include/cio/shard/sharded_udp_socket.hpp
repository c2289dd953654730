/// @file
/// ShardedUdpSocket: one UDP address served by every shard. Each shard binds
/// its own socket to the address with SO_REUSEPORT (the kernel spreads
/// datagrams by their source); port 0 is resolved by the first bind and the
/// other shards bind that port. A port another process holds is refused
/// first, as for TCP. The handler runs once per shard (each shard calls its
/// own copy) with that shard's socket and a token that stop() stops.
///
///   auto udp = co_await cio::shard::ShardedUdpSocket::start(address, echo_datagrams);
///   ...
///   co_await (*udp)->stop();
#pragma once

#include <functional>
#include <memory>

#include <cio/core/stop.hpp>
#include <cio/core/task.hpp>
#include <cio/detail/awaited_arguments.hpp>
#include <cio/driver/result.hpp>
#include <cio/net/socket_address.hpp>
#include <cio/net/udp_socket.hpp>
#include <cio/shard/sharded.hpp>

namespace cio::shard {

/// Serves one shard's socket until `stop` is stopped, then returns. Each shard
/// calls its own copy (made on that shard) once. An exception it throws is
/// logged ("runtime" logger) and ends that shard's serving.
using DatagramHandler = std::function<Task<void>(net::UdpSocket socket, StopToken stop)>;

namespace detail {
class UdpShard;
}

/// One UDP address served by every shard (see the file comment). Made by
/// start(), owned through the unique_ptr it returns; stop() must complete
/// before it is destroyed.
class ShardedUdpSocket {
 public:
  /// From any shard of a running launch: binds one socket per shard, the
  /// calling shard first, then runs the handler on every shard. Errors are
  /// ensure_address_free's (EADDRINUSE: another socket holds the address)
  /// and UdpSocket::bind's; nothing stays bound on error. The handler is
  /// taken as submit_to takes a callable.
  template <typename H>
  [[nodiscard]] static Task<Result<std::unique_ptr<ShardedUdpSocket>>> start(
      net::SocketAddress address, H&& handler) {
    cio::detail::check_awaited_callable<H>();
    return start_with(address, DatagramHandler(std::forward<H>(handler)));
  }
  /// Destroying a started socket is reported like an unstopped Sharded.
  ~ShardedUdpSocket();

  /// The bound address, with the port resolved.
  const net::SocketAddress& address() const noexcept { return address_; }

  /// Stops every shard's token and waits for the handlers to return, last
  /// shard first; their sockets are closed then. Await it from a shard of the
  /// launch; it must complete before the object is destroyed. Does nothing
  /// when already stopped.
  Task<void> stop();

 private:
  friend class detail::UdpShard;
  ShardedUdpSocket(net::SocketAddress address, DatagramHandler handler);
  static Task<Result<std::unique_ptr<ShardedUdpSocket>>> start_with(net::SocketAddress address,
                                                                    DatagramHandler handler);
  Task<Result<void>> bind();

  net::SocketAddress address_;
  DatagramHandler handler_;
  Sharded<detail::UdpShard> shards_;
  bool started_ = false;
};

}  // namespace cio::shard
