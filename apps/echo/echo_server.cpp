#include "echo_server.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include <cio/core/async_scope.hpp>
#include <cio/core/stopped.hpp>
#include <cio/shard/sharded.hpp>
#include <cio/shard/sharded_listener.hpp>
#include <cio/shard/sharded_udp_socket.hpp>
#include <cio/time/clock.hpp>

#include "connection_limit.hpp"
#include "echo_log.hpp"
#include "echo_shard.hpp"

namespace cio::echo {
namespace {

using namespace std::chrono_literals;

// When shutdown must be over; listeners stopped after it cancel at once.
class Deadline {
 public:
  void start(std::chrono::milliseconds timeout) { at_ = time::Clock::now() + timeout; }
  std::chrono::milliseconds remaining() const {
    return std::max(0ms, std::chrono::ceil<std::chrono::milliseconds>(at_ - time::Clock::now()));
  }

 private:
  time::Clock::time_point at_{};
};

// What serve_echo started, owned by its scope; kept here so that every
// listener stops accepting and tells its connections to drain before the
// scope waits on any of them.
struct Listeners {
  std::vector<shard::ShardedTcpListener*> tcp;
  shard::ShardedUdpSocket* udp = nullptr;
  shard::ShardedUnixListener* unix_socket = nullptr;

  Task<void> begin_stop() {
    for (auto* listener : tcp) co_await listener->begin_stop();
    if (unix_socket) co_await unix_socket->begin_stop();
  }
};

template <typename Failed>
[[noreturn]] void fail(const char* proto, const std::string& entry, const Failed& result) {
  throw std::runtime_error(std::string(proto) + " " + entry + ": " + result.describe());
}

// Logs the listening line on every shard that has a listener bound.
Task<void> announce(Sharded<EchoShard>& shards, const std::string& address, const char* proto,
                    bool every_shard) {
  auto log = [](EchoShard&, const std::string& text, const char* name) {
    echo_log()->info("listening on {} ({}, shard {})", text, name, this_shard());
  };
  if (every_shard) {
    co_await shards.invoke_on_all(log, address, proto);
  } else {
    log(shards.local(), address, proto);
  }
}

Task<void> start_tcp(const EchoOptions& options, Sharded<EchoShard>& shards, AsyncScope& scope,
                     const Deadline& deadline, Listeners& listeners) {
  auto handler = [&shards](net::TcpStream stream, shard::ConnectionStop stop) {
    return shards.local().serve(std::move(stream), std::move(stop));
  };
  for (const auto& entry : options.tcp) {
    const TcpListenSpec spec = parse_tcp_listen(entry).value();
    const shard::Balancing balancing = balancing_of(spec, options);
    auto started = co_await shard::ShardedTcpListener::start(
        spec.address, {.balancing = balancing, .listen = {}}, handler);
    if (!started) fail("tcp", entry, started);
    auto& listener = scope.adopt(std::move(*started), [&deadline](shard::ShardedTcpListener& l) {
      return l.stop(deadline.remaining());
    });
    listeners.tcp.push_back(&listener);
    co_await announce(shards, listener.address().to_string(), "tcp",
                      balancing == shard::Balancing::reuseport);
  }
}

Task<void> start_udp(const EchoOptions& options, Sharded<EchoShard>& shards, AsyncScope& scope,
                     Listeners& listeners) {
  if (options.udp.empty()) co_return;
  auto handler = [&shards](net::UdpSocket socket, StopToken stop) {
    return shards.local().serve_udp(std::move(socket), std::move(stop));
  };
  auto started =
      co_await shard::ShardedUdpSocket::start(parse_ip_address(options.udp).value(), handler);
  if (!started) fail("udp", options.udp, started);
  listeners.udp = &scope.adopt(std::move(*started));
  co_await announce(shards, listeners.udp->address().to_string(), "udp", true);
}

Task<void> start_unix(const EchoOptions& options, Sharded<EchoShard>& shards, AsyncScope& scope,
                      const Deadline& deadline, Listeners& listeners) {
  if (options.unix_path.empty()) co_return;
  auto handler = [&shards](net::UnixStream stream, shard::ConnectionStop stop) {
    return shards.local().serve(std::move(stream), std::move(stop));
  };
  auto started = co_await shard::ShardedUnixListener::start(
      options.unix_path,
      {.balancing = shard::Balancing::round_robin, .listen = {.unlink_stale = true}}, handler);
  if (!started) fail("unix", options.unix_path, started);
  listeners.unix_socket = &scope.adopt(
      std::move(*started),
      [&deadline](shard::ShardedUnixListener& l) { return l.stop(deadline.remaining()); });
  co_await announce(shards, options.unix_path, "unix", false);
}

void log_receive_path(const EchoOptions& options, const EchoShard& shard) {
  if (shard.multishot()) {
    echo_log()->info("receive path: multishot recv, {} buffers of {} bytes per shard",
                     options.recv.buffers, options.recv.buffer_size);
  } else {
    echo_log()->info("receive path: plain recv, {} bytes per connection", options.recv.buffer_size);
  }
}

Task<void> log_counts(Sharded<EchoShard>& shards) {
  auto counts = co_await shards.map_reduce(
      [](EchoShard& part) { return std::vector<ShardCounts>{part.counts()}; },
      std::vector<ShardCounts>(),
      [](std::vector<ShardCounts> all, std::vector<ShardCounts> one) {
        all.insert(all.end(), one.begin(), one.end());
        return all;
      });
  for (const ShardCounts& c : counts) {
    echo_log()->info(
        "shard {}: {} connections open, {} served, {} rejected (max_connections), {} closed "
        "idle, {} datagrams",
        c.shard, c.open, c.served, c.rejected, c.idle_closed, c.datagrams);
  }
}

}  // namespace

Task<void> serve_echo(const EchoOptions& options, app::AppContext& context) {
  ConnectionLimit limit(options.max_connections);
  Deadline deadline;
  auto body = [&](AsyncScope& scope) -> Task<void> {
    auto& shards = scope.emplace<Sharded<EchoShard>>();
    co_await shards.start(&options, &limit);
    log_receive_path(options, shards.local());
    Listeners listeners;
    co_await start_tcp(options, shards, scope, deadline, listeners);
    co_await start_udp(options, shards, scope, listeners);
    co_await start_unix(options, shards, scope, deadline, listeners);
    co_await stopped(context.stop);
    deadline.start(context.shutdown_timeout);
    co_await listeners.begin_stop();
    co_await log_counts(shards);
  };  // the scope then waits for the listeners until the deadline, last first
  // (on a start-up failure the deadline is not set: what started is cancelled
  // at once)
  co_await with_scope(body);
}

}  // namespace cio::echo
