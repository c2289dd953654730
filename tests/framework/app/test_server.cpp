// cio-test-server: a minimal app on cio::app::App for the entry-point tests.
// It serves 127.0.0.1:<test.port> on every shard (round robin), echoing
// until the peer closes or the app stops (an idle connection at once); with --test.ignore_stop its
// connections ignore the stop, so only the shutdown deadline ends them.
#include <array>
#include <cstdint>
#include <cstdio>

#include <cio/app/app.hpp>
#include <cio/core/stopped.hpp>
#include <cio/net/socket_address.hpp>
#include <cio/shard/sharded_listener.hpp>

namespace {

struct TestOptions {
  uint16_t port = 0;
  bool ignore_stop = false;
};

cio::Task<void> echo(cio::net::TcpStream connection, cio::StopToken stop) {
  std::array<std::byte, 256> buffer{};
  for (;;) {
    auto got = co_await connection.read(buffer, stop);
    if (!got || *got == 0) co_return;
    auto sent = co_await connection.write_all(std::span(buffer.data(), *got), stop);
    if (!sent) co_return;
  }
}

cio::Task<void> serve(const TestOptions& options, cio::app::AppContext& context) {
  auto listener = co_await cio::shard::ShardedTcpListener::start(
      cio::net::SocketAddress::ipv4_loopback(options.port),
      {.balancing = cio::shard::Balancing::round_robin, .listen = {}},
      [&options](cio::net::TcpStream connection, cio::shard::ConnectionStop stop) {
        return echo(std::move(connection), options.ignore_stop ? cio::StopToken() : stop.drain);
      });
  if (!listener) throw std::system_error(listener.error(), listener.describe());
  std::fprintf(stderr, "listening on %s (tcp, shard 0)\n",
               (*listener)->address().to_string().c_str());
  co_await cio::stopped(context.stop);
  co_await (*listener)->stop(context.shutdown_timeout);
}

}  // namespace

int main(int argc, char** argv) {
  cio::app::App app("cio-test-server", "Echo server for the app entry tests");
  TestOptions options;
  app.schema()
      .section("test", "Test server options")
      .add_integer("port", options.port, uint16_t{0}, uint16_t{65535}, "TCP port (0: any)")
      .add_bool("ignore_stop", options.ignore_stop, "Connections ignore the stop");
  return app.run(argc, argv,
                 [&](cio::app::AppContext& context) { return serve(options, context); });
}
