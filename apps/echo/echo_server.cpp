#include "echo_server.hpp"

#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <cio/app/logging.hpp>
#include <cio/net/address_free.hpp>
#include <cio/shard/sharded.hpp>
#include <cio/shard/sharded_listener.hpp>
#include <cio/time/clock.hpp>
#include <cio/time/sleep.hpp>

#include "connection_limit.hpp"
#include "echo_shard.hpp"
#include "unix_echo.hpp"

namespace cio::echo {
namespace {

using namespace std::chrono_literals;

// Everything serve_echo started, stopped in reverse.
struct Server {
  Sharded<EchoShard> shards;
  std::vector<std::unique_ptr<shard::ShardedTcpListener>> tcp;
  std::unique_ptr<UnixEcho> unix_socket;
};

// Logs the listening line on every shard that has a listener bound. The
// lambdas capture only pointers: GCC 12 miscompiles lambdas with
// non-trivially-copyable captures built inside a co_await expression, as
// cio::invoke_on_all does internally.
Task<void> announce(Server& server, const std::string& address, const char* proto,
                    bool every_shard) {
  const auto log = [text = &address, proto] {
    app::logger("echo")->info("listening on {} ({}, shard {})", *text, proto, this_shard());
  };
  if (every_shard) {
    co_await server.shards.invoke_on_all([log](EchoShard&) { log(); });
  } else {
    log();
  }
}

Task<std::string> start_tcp(const EchoOptions& options, Server& server) {
  for (const auto& entry : options.tcp) {
    const TcpListenSpec spec = parse_tcp_listen(entry).value();
    const shard::Balancing balancing = balancing_of(spec, options);
    shard::ConnectionHandler handler = [&shards = server.shards](net::TcpStream stream, StopToken) {
      return shards.local().serve(std::move(stream));
    };
    auto listener = co_await shard::ShardedTcpListener::start(
        spec.address, {.balancing = balancing, .listen = {}}, std::move(handler));
    if (!listener) co_return "tcp " + entry + ": " + listener.describe();
    server.tcp.push_back(std::move(*listener));
    const std::string bound = server.tcp.back()->address().to_string();
    co_await announce(server, bound, "tcp", balancing == shard::Balancing::reuseport);
  }
  co_return std::string();
}

// Shard 0 binds first (resolving port 0), then every other shard binds the
// same address with SO_REUSEPORT; a port another process holds is refused
// first, as it is for TCP.
Task<std::string> start_udp(const EchoOptions& options, Server& server) {
  if (options.udp.empty()) co_return std::string();
  net::SocketAddress address = parse_ip_address(options.udp).value();
  if (auto free = net::ensure_address_free(address, SOCK_DGRAM); !free) {
    co_return "udp " + options.udp + ": " + free.describe();
  }
  for (unsigned shard = 0; shard < shard_count(); ++shard) {
    auto bound = co_await server.shards.invoke_on(
        shard, [address](EchoShard& part) { return part.bind_udp(address); });
    if (!bound) co_return "udp " + options.udp + ": " + bound.describe();
    address = *bound;
  }
  const std::string bound = address.to_string();
  co_await announce(server, bound, "udp", true);
  co_return std::string();
}

Task<std::string> start_unix(const EchoOptions& options, Server& server) {
  if (options.unix_path.empty()) co_return std::string();
  auto started = UnixEcho::start(options.unix_path, server.shards);
  if (!started) co_return "unix " + options.unix_path + ": " + started.describe();
  server.unix_socket = std::move(*started);
  co_await announce(server, options.unix_path, "unix", false);
  co_return std::string();
}

// Starts everything; returns why it could not ("" when it could).
Task<std::string> start(const EchoOptions& options, Server& server) {
  std::string failure = co_await server.shards.map_reduce(
      [](EchoShard& part) { return part.start(); }, std::string(),
      [](std::string first, std::string next) { return first.empty() ? next : first; });
  if (!failure.empty()) co_return failure;
  if (server.shards.local().multishot()) {
    app::logger("echo")->info("receive path: multishot recv, {} buffers of {} bytes per shard",
                              options.recv.buffers, options.recv.buffer_size);
  } else {
    app::logger("echo")->info("receive path: plain recv, {} bytes per connection",
                              options.recv.buffer_size);
  }
  failure = co_await start_tcp(options, server);
  if (failure.empty()) failure = co_await start_udp(options, server);
  if (failure.empty()) failure = co_await start_unix(options, server);
  co_return failure;
}

Task<void> log_counts(Server& server) {
  auto counts = co_await server.shards.map_reduce(
      [](EchoShard& part) { return std::vector<ShardCounts>{part.counts()}; },
      std::vector<ShardCounts>(),
      [](std::vector<ShardCounts> all, std::vector<ShardCounts> one) {
        all.insert(all.end(), one.begin(), one.end());
        return all;
      });
  for (const ShardCounts& c : counts) {
    app::logger("echo")->info(
        "shard {}: {} connections open, {} served, {} rejected (max_connections), {} closed "
        "idle, {} datagrams",
        c.shard, c.open, c.served, c.rejected, c.idle_closed, c.datagrams);
  }
}

// Stop accepting, let connections finish until the deadline, cancel the
// rest, then take the shards' parts down. `started`: log the counts.
Task<void> shut_down(Server& server, time::Clock::time_point deadline, bool started) {
  for (auto& listener : server.tcp) co_await listener->stop_accepting();
  if (server.unix_socket) co_await server.unix_socket->stop_accepting();
  if (started) co_await log_counts(server);
  co_await server.shards.invoke_on_all(
      [deadline](EchoShard& part) { return part.drain(deadline); });
  for (auto& listener : server.tcp) co_await listener->stop(0ms);
  co_await server.shards.stop();
}

}  // namespace

Task<void> serve_echo(const EchoOptions& options, app::AppContext& context) {
  ConnectionLimit limit(options.max_connections);
  Server server;
  co_await server.shards.start(&options, &limit);
  const std::string failure = co_await start(options, server);
  while (failure.empty() && !context.stop.stop_requested()) {
    auto slept = co_await time::sleep(24h, context.stop);
    (void)slept;
  }
  co_await shut_down(server, time::Clock::now() + context.shutdown_timeout, failure.empty());
  if (!failure.empty()) throw std::runtime_error(failure);
}

}  // namespace cio::echo
