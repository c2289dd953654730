// One shard's part of a ShardedTcpListener: its listening socket (if it
// accepts), its accept loop, and the connections it serves.
#pragma once

#include <optional>

#include <cio/net/socket_address.hpp>
#include <cio/net/tcp_listener.hpp>
#include <cio/net/tcp_stream.hpp>
#include <cio/result.hpp>
#include <cio/shard/sharded_listener.hpp>
#include <cio/stop.hpp>
#include <cio/sync/event.hpp>
#include <cio/sync/gate.hpp>
#include <cio/task.hpp>

namespace cio::shard::detail {

class ListenerShard {
 public:
  explicit ListenerShard(ShardedTcpListener* owner) noexcept : owner_(owner) {}

  // Binds this shard's socket; returns the address it got.
  Result<net::SocketAddress> bind(const net::SocketAddress& address,
                                  const net::ListenOptions& options);
  void start_accepting();
  Task<void> stop_accepting();

  // Serves a connection on this shard; `counted`: already in open_[shard].
  void serve(net::TcpStream connection, bool counted);
  // Waits up to `grace` for the connections to end, then stops them.
  Task<void> drain(std::chrono::milliseconds grace);

  // Sharded<T>::stop() calls this before destroying the shard's part.
  Task<void> stop();

 private:
  Task<void> accept_loop();
  Task<void> run_connection(net::TcpStream connection, sync::Gate::Holder held);
  void connection_ended() noexcept;

  ShardedTcpListener* owner_;
  std::optional<net::TcpListener> listener_;
  StopSource accept_stop_;
  sync::Event accept_done_;
  bool accepting_ = false;
  StopSource connections_stop_;
  sync::Gate connections_;
};

}  // namespace cio::shard::detail
