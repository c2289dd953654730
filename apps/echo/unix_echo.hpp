// UnixEcho: the Unix-domain socket of the echo server. Shard 0 accepts and
// hands connections to the shards in turn (as descriptors, over the
// message rings); each is then served like a TCP one. The socket file is
// removed when accepting stops.
#pragma once

#include <memory>
#include <string>

#include <cio/net/unix_listener.hpp>
#include <cio/net/unix_stream.hpp>
#include <cio/result.hpp>
#include <cio/shard/sharded.hpp>
#include <cio/stop.hpp>
#include <cio/sync/event.hpp>
#include <cio/task.hpp>

#include "echo_shard.hpp"

namespace cio::echo {

class UnixEcho {
 public:
  // Binds `path` (replacing a stale socket file left by a crashed server)
  // on the calling shard and starts accepting. Errors are
  // UnixListener::bind's.
  static Result<std::unique_ptr<UnixEcho>> start(const std::string& path,
                                                 Sharded<EchoShard>& shards);
  UnixEcho(const UnixEcho&) = delete;
  UnixEcho& operator=(const UnixEcho&) = delete;

  // Stops accepting, closes the socket and removes its file. Must complete
  // before the object is destroyed.
  Task<void> stop_accepting();

 private:
  UnixEcho(net::UnixListener listener, std::string path, Sharded<EchoShard>& shards) noexcept
      : listener_(std::move(listener)), path_(std::move(path)), shards_(shards) {}
  Task<void> accept_loop();
  Task<void> hand_over(net::UnixStream stream);

  net::UnixListener listener_;
  std::string path_;
  Sharded<EchoShard>& shards_;
  StopSource stop_;
  sync::Event done_;
  unsigned next_ = 0;  // round-robin cursor
};

}  // namespace cio::echo
