// A one-shard TCP server: sends back every line it receives in upper case,
// one coroutine per connection. Ctrl-C (SIGINT) or SIGTERM stops it: it
// stops accepting and closes the open connections.
//
//   tcp_upper [PORT]        (default 7001 on 127.0.0.1; 0 picks a free port)
#include <algorithm>
#include <array>
#include <cctype>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <utility>

#include <cio/core/runtime.hpp>
#include <cio/core/stop.hpp>
#include <cio/net/tcp_listener.hpp>
#include <cio/signal/signal_set.hpp>
#include <cio/sync/gate.hpp>

namespace {

cio::Task<void> serve(cio::net::TcpStream connection, cio::StopToken stop,
                      cio::sync::Gate::Holder) {
  std::array<std::byte, 4096> buffer{};
  for (;;) {
    auto got = co_await connection.read(buffer, stop);
    if (!got || *got == 0) co_return;  // an error, the end of the stream, or stopping
    const std::span<std::byte> data(buffer.data(), *got);
    std::ranges::transform(data, data.begin(), [](std::byte b) {
      return static_cast<std::byte>(std::toupper(static_cast<unsigned char>(b)));
    });
    auto sent = co_await connection.write_all(data, stop);
    if (!sent) co_return;
  }
}

cio::Task<void> stop_on_signal(cio::signal::SignalSet signals, cio::StopSource& stop) {
  auto received = co_await signals.wait();
  if (received) stop.request_stop();
}

cio::Task<int> run(uint16_t port) {
  auto signals = cio::signal::SignalSet::open({SIGINT, SIGTERM});
  if (!signals) {
    std::fprintf(stderr, "tcp_upper: %s\n", signals.describe().c_str());
    co_return 1;
  }
  auto listener = cio::net::TcpListener::bind(cio::net::SocketAddress::ipv4_loopback(port));
  if (!listener) {
    std::fprintf(stderr, "tcp_upper: %s\n", listener.describe().c_str());
    co_return 1;
  }
  std::printf("listening on %s\n", listener->local_address()->to_string().c_str());
  std::fflush(stdout);
  cio::StopSource stop;
  cio::spawn(stop_on_signal(std::move(*signals), stop));
  cio::sync::Gate connections;
  auto incoming = listener->incoming();
  for (;;) {
    auto connection = co_await incoming.next(stop.token());
    if (!connection) break;  // stopping (or the listener failed)
    auto held = connections.enter();
    if (!held) break;
    cio::spawn(serve(std::move(*connection), stop.token(), std::move(*held)));
  }
  auto closed = co_await connections.close();
  static_cast<void>(closed);
  co_return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const long port = argc > 1 ? std::strtol(argv[1], nullptr, 10) : 7001;
  if (argc > 2 || port < 0 || port > 65535) {
    std::fprintf(stderr, "usage: tcp_upper [PORT]\n");
    return 2;
  }
  return cio::block_on(run(static_cast<uint16_t>(port)));
}
