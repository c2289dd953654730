// One shard's part of a ShardedListener: its listening socket (if it
// accepts), its accept loop, and the connections it serves, with the two
// stop signals they get (drain, then cancel).
#pragma once

#include <chrono>
#include <optional>

#include <cio/core/stop.hpp>
#include <cio/core/task.hpp>
#include <cio/driver/result.hpp>
#include <cio/shard/sharded_listener.hpp>
#include <cio/sync/event.hpp>
#include <cio/sync/gate.hpp>

namespace cio::shard::detail {

template <typename Stream>
class ListenerShard {
 public:
  using Owner = ShardedListener<Stream>;
  using Listener = typename Transport<Stream>::Listener;

  // Runs on its own shard: takes that shard's copy of the handler.
  explicit ListenerShard(Owner* owner) : owner_(owner), handler_(owner->handler_) {}

  // This shard accepts on `listener` once start_accepting() is called.
  void set_listener(Listener listener) noexcept { listener_.emplace(std::move(listener)); }
  void start_accepting();
  Task<void> stop_accepting();

  // Serves a connection on this shard; `counted`: already in open_[shard].
  void serve(Stream connection, bool counted);
  // Tells the connections to stop reading (their drain token).
  void begin_drain() noexcept { drain_.request_stop(); }
  // begin_drain(), waits up to `grace` for the connections to end, then
  // cancels the rest and waits for them.
  Task<void> drain(std::chrono::milliseconds grace);

  // Sharded<T>::stop() calls this before destroying the shard's part.
  Task<void> stop();

 private:
  Task<void> accept_loop();
  Task<void> accept_until_stopped();
  Task<void> run_connection(Stream connection, sync::Gate::Holder held);
  void connection_ended() noexcept;

  Owner* owner_;
  typename Owner::Handler handler_;
  std::optional<Listener> listener_;
  StopSource accept_stop_;
  sync::Event accept_done_;
  bool accepting_ = false;
  StopSource drain_;
  StopSource cancel_;
  sync::Gate connections_;
};

extern template class ListenerShard<net::TcpStream>;
extern template class ListenerShard<net::UnixStream>;

}  // namespace cio::shard::detail
