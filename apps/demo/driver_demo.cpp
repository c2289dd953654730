// cio-driver-demo: a TCP echo server on one thread, written straight on the
// driver layer (no runtime): accept, then per connection recv -> send all ->
// recv. Try it with `nc 127.0.0.1 7000`. Ctrl-C stops it.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <array>
#include <cstdio>
#include <cstring>
#include <string>

#include <cio/driver/driver.hpp>

#include "echo_connections.hpp"

namespace {

struct Options {
  std::string host = "127.0.0.1";
  uint16_t port = 7000;
  std::string backend = "auto";
  uint32_t max_connections = 1024;
  uint32_t buffer_size = 16384;
};

cio::BackendKind parse_backend(const std::string& name) {
  if (name == "io_uring") return cio::BackendKind::io_uring;
  if (name == "epoll") return cio::BackendKind::epoll;
  return cio::BackendKind::automatic;
}

// Binds and listens; exits with the failing call and errno on error.
int listen_on(const Options& options, uint16_t& bound_port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(options.port);
  if (inet_pton(AF_INET, options.host.c_str(), &addr.sin_addr) != 1) {
    std::fprintf(stderr, "error: --host %s is not an IPv4 address\n", options.host.c_str());
    std::exit(2);
  }
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  socklen_t length = sizeof(addr);
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) < 0 ||
      listen(fd, SOMAXCONN) < 0 || getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length)) {
    std::fprintf(stderr, "error: listening on %s:%u: %s\n", options.host.c_str(), options.port,
                 std::strerror(errno));
    std::exit(1);
  }
  bound_port = ntohs(addr.sin_port);
  return fd;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  CLI::App app{"CompleteIO driver demo: a one-thread TCP echo server on the raw driver API"};
  app.add_option("--host", options.host, "IPv4 address to listen on")->capture_default_str();
  app.add_option("--port", options.port, "TCP port (0 picks a free one)")->capture_default_str();
  app.add_option("--backend", options.backend, "Completion backend")
      ->check(CLI::IsMember({"auto", "io_uring", "epoll"}))
      ->capture_default_str();
  app.add_option("--max-connections", options.max_connections, "Connections served at once")
      ->check(CLI::Range(1U, 65536U))
      ->capture_default_str();
  app.add_option("--buffer-size", options.buffer_size, "Receive buffer per connection (bytes)")
      ->check(CLI::Range(1U, 1U << 24))
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  cio::Driver driver({.entries = 256, .backend = parse_backend(options.backend)});
  uint16_t port = 0;
  const int listener = listen_on(options, port);
  auto attached = driver.attach(listener);
  if (!attached) {
    std::fprintf(stderr, "error: attach: %s\n", attached.error().message().c_str());
    return 1;
  }
  std::printf("listening on %s:%u (tcp, shard 0)\n", options.host.c_str(), port);
  std::printf("backend: %s. Talk to it with: nc %s %u\n", driver.setup().describe().c_str(),
              options.host.c_str(), port);
  std::fflush(stdout);

  cio::demo::EchoConnections connections(driver, *attached, options.max_connections,
                                         options.buffer_size);
  connections.start();
  std::array<cio::Entry, 128> entries;
  for (;;) {
    driver.push_queue(connections.backlog());
    auto count = driver.submit(std::nullopt, entries);
    if (!count) {
      std::fprintf(stderr, "error: submit: %s\n", count.error().message().c_str());
      return 1;
    }
    for (size_t i = 0; i < *count; ++i) connections.on_entry(entries[i]);
  }
}
