// EchoShard: one shard's part of the echo server (one per shard, in a
// Sharded<EchoShard>). It serves the stream connections the listeners give
// it, runs its UDP socket, closes idle connections, and owns the shard's
// receive buffer pool when multishot recv is used. Shutdown is two-staged:
// drain() first stops waiting for input (connections finish what they are
// sending and close; one with input waiting sends FIN and drops the input
// until the client closes, see linger_if_input_waits), then, at the
// deadline, cancels what is left.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include <cio/net/recv_buffer_pool.hpp>
#include <cio/net/socket_address.hpp>
#include <cio/net/stream_socket.hpp>
#include <cio/net/tcp_stream.hpp>
#include <cio/net/udp_socket.hpp>
#include <cio/result.hpp>
#include <cio/stop.hpp>
#include <cio/sync/gate.hpp>
#include <cio/task.hpp>
#include <cio/time/clock.hpp>

#include "connection_limit.hpp"
#include "echo_options.hpp"
#include "idle_tracker.hpp"

namespace cio::echo {

struct ShardCounts {
  unsigned shard = 0;
  uint64_t open = 0;
  uint64_t served = 0;
  uint64_t rejected = 0;  // over max_connections
  uint64_t idle_closed = 0;
  uint64_t datagrams = 0;
};

class EchoShard {
 public:
  // Both must outlive the shard; `limit` is shared by every shard.
  EchoShard(const EchoOptions* options, ConnectionLimit* limit) noexcept;

  // Sets up the receive path (a buffer pool where multishot recv is used)
  // and the idle sweeps. Returns why it cannot start ("" when it can):
  // recv.multishot is on and this backend has no multishot recv.
  std::string start();
  bool multishot() const noexcept { return pool_ != nullptr; }

  // Serves one accepted connection until it ends (a coroutine on this
  // shard). Over max_connections, or once draining, it is closed at once.
  template <typename Stream>
  Task<void> serve(Stream stream);

  // Binds this shard's UDP socket (SO_REUSEPORT) and starts echoing
  // datagrams; returns the bound address. Errors are UdpSocket::bind's.
  Result<net::SocketAddress> bind_udp(const net::SocketAddress& address);

  // Stops reading input now, waits until `deadline` for connections to
  // finish their sends and close, then cancels the rest and waits for them.
  Task<void> drain(time::Clock::time_point deadline);
  // For Sharded::stop(): cancels anything left and waits for it.
  Task<void> stop();

  ShardCounts counts() const noexcept;

 private:
  // Counts a new connection in, unless over max_connections or draining.
  std::optional<sync::Gate::Holder> admit() noexcept;
  void leave() noexcept;
  void set_options(net::TcpStream& stream);
  void set_options(net::StreamSocket&) {}
  Task<void> echo(net::StreamSocket& stream);
  Task<void> echo_udp(net::UdpSocket socket, sync::Gate::Holder held);

  const EchoOptions& options_;
  ConnectionLimit& limit_;
  std::unique_ptr<net::RecvBufferPool> pool_;
  IdleTracker idle_;
  sync::Gate gate_;    // connections, the UDP loop and the idle sweeps
  StopSource drain_;   // stop reading input
  StopSource cancel_;  // abandon pending sends
  uint64_t open_ = 0;
  uint64_t served_ = 0;
  uint64_t rejected_ = 0;
  uint64_t datagrams_ = 0;
};

template <typename Stream>
Task<void> EchoShard::serve(Stream stream) {
  auto held = admit();
  if (!held) co_return;  // the stream's destructor closes it now
  set_options(stream);
  co_await echo(stream);
  auto closed = co_await stream.close();
  (void)closed;  // the peer is gone either way
  leave();
}

}  // namespace cio::echo
