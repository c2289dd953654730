// EchoShard: one shard's part of the echo server (one per shard, in a
// Sharded<EchoShard>). It serves the stream connections the listeners give
// it and the datagrams of its UDP socket, closes idle connections, and owns
// the shard's receive buffer pool when multishot recv is used. Shutdown
// comes from the listeners in two phases: on `drain` a connection stops
// waiting for input (it finishes what it is sending and closes; one with
// input waiting sends FIN and drops the input until the client closes, see
// linger_if_input_waits), on `cancel` it abandons what is left.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include <cio/core/stop.hpp>
#include <cio/core/task.hpp>
#include <cio/net/recv_buffer_pool.hpp>
#include <cio/net/socket_address.hpp>
#include <cio/net/stream_socket.hpp>
#include <cio/net/tcp_stream.hpp>
#include <cio/net/udp_socket.hpp>
#include <cio/shard/sharded_listener.hpp>
#include <cio/sync/event.hpp>

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
  // Both must outlive the shard; `limit` is shared by every shard. Sets up
  // the receive path (a buffer pool where multishot recv is used) and the
  // idle sweeps. Throws std::runtime_error when recv.multishot is on and
  // this backend has no multishot recv.
  EchoShard(const EchoOptions* options, ConnectionLimit* limit);
  bool multishot() const noexcept { return pool_ != nullptr; }

  // Serves one accepted connection until it ends or `stop` ends it (a
  // coroutine on this shard). Over max_connections it is closed at once.
  template <typename Stream>
  Task<void> serve(Stream stream, shard::ConnectionStop stop);

  // Echoes the datagrams of this shard's UDP socket until `stop`.
  Task<void> serve_udp(net::UdpSocket socket, StopToken stop);

  // For Sharded::stop(): ends the idle sweeps.
  Task<void> stop();

  ShardCounts counts() const noexcept;

 private:
  // Counts a new connection in, unless over max_connections.
  bool admit() noexcept;
  void leave() noexcept;
  // Leaves on every way out of serve(), a throw included.
  class Admitted {
   public:
    explicit Admitted(EchoShard& shard) noexcept : shard_(shard) {}
    Admitted(const Admitted&) = delete;
    Admitted& operator=(const Admitted&) = delete;
    ~Admitted() { shard_.leave(); }

   private:
    EchoShard& shard_;
  };
  void set_options(net::TcpStream& stream);
  void set_options(net::StreamSocket&) {}
  Task<void> echo(net::StreamSocket& stream, const shard::ConnectionStop& stop);
  Task<void> sweep_idle();

  const EchoOptions& options_;
  ConnectionLimit& limit_;
  std::unique_ptr<net::RecvBufferPool> pool_;
  IdleTracker idle_;
  StopSource sweeps_stop_;
  sync::Event sweeps_done_;
  uint64_t open_ = 0;
  uint64_t served_ = 0;
  uint64_t rejected_ = 0;
  uint64_t datagrams_ = 0;
};

template <typename Stream>
Task<void> EchoShard::serve(Stream stream, shard::ConnectionStop stop) {
  if (!admit()) co_return;  // the stream's destructor closes it now
  Admitted admitted(*this);
  set_options(stream);
  co_await echo(stream, stop);
  auto closed = co_await stream.close();
  (void)closed;  // the peer is gone either way
}

}  // namespace cio::echo
