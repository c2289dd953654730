// ShardedTcpListener: one TCP address served by every shard, with the
// connection balancing chosen per listener:
//  - reuseport: a SO_REUSEPORT listener on each shard; the kernel spreads
//    connections (no cross-shard traffic at all);
//  - round_robin / least_connections: shard 0 accepts and hands each
//    connection to a shard over the message rings (as its descriptor).
// The handler runs on the shard that owns the connection, with a StopToken
// that is stopped when the listener stops and the grace period is over.
//
//   auto listener = co_await cio::shard::ShardedTcpListener::start(
//       address, {.balancing = cio::shard::Balancing::reuseport}, serve);
//   ...
//   co_await (*listener)->stop(5s);
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include <cio/net/socket_address.hpp>
#include <cio/net/tcp_listener.hpp>
#include <cio/net/tcp_stream.hpp>
#include <cio/result.hpp>
#include <cio/shard/sharded.hpp>
#include <cio/stop.hpp>
#include <cio/task.hpp>

namespace cio::shard {

enum class Balancing { reuseport, round_robin, least_connections };

// "reuseport", "round_robin", "least_connections".
std::string_view balancing_name(Balancing balancing) noexcept;
std::optional<Balancing> parse_balancing(std::string_view name) noexcept;

struct ShardedListenOptions {
  Balancing balancing = Balancing::reuseport;
  net::ListenOptions listen{};
};

// Serves one connection on its shard. Stop what you do when `stop` fires.
using ConnectionHandler = std::function<Task<void>(net::TcpStream connection, StopToken stop)>;

namespace detail {
class ListenerShard;
}

class ShardedTcpListener {
 public:
  // From any shard of a running launch: binds on the accepting shards (port
  // 0: the port the first bind got, on every shard) and starts accepting.
  // Errors are those of TcpListener::bind; nothing stays bound on error.
  static Task<Result<std::unique_ptr<ShardedTcpListener>>> start(net::SocketAddress address,
                                                                 ShardedListenOptions options,
                                                                 ConnectionHandler handler);
  ~ShardedTcpListener();

  const net::SocketAddress& address() const noexcept { return address_; }
  Balancing balancing() const noexcept { return options_.balancing; }

  // Open connections per shard (a snapshot).
  std::vector<uint32_t> open_connections() const;

  // Stops accepting on every shard; open connections carry on.
  Task<void> stop_accepting();
  // stop_accepting(), then waits up to `grace` for connections to end on
  // their own, then stops the rest (their StopToken) and waits for them.
  // Must complete before the listener is destroyed.
  Task<void> stop(std::chrono::milliseconds grace);

 private:
  friend class detail::ListenerShard;
  ShardedTcpListener(net::SocketAddress address, ShardedListenOptions options,
                     ConnectionHandler handler);
  void hand_over(net::TcpStream connection);
  unsigned pick_shard() noexcept;

  net::SocketAddress address_;
  ShardedListenOptions options_;
  ConnectionHandler handler_;
  // Written by shard 0 at hand-over and by each shard as its connections
  // end; read by shard 0 to pick the least loaded.
  std::unique_ptr<std::atomic<uint32_t>[]> open_;
  unsigned next_ = 0;  // round robin cursor (shard 0 only)
  Sharded<detail::ListenerShard> shards_;
  bool started_ = false;
};

}  // namespace cio::shard
