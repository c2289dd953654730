// runtime.echo.roundtrip: one TCP connection over loopback, a 64-byte
// message sent and read back before the next. Ours: the echo server is a
// cio::Runtime (io_uring) on its own thread pinned to CPU 0, serving with
// TcpListener::accept and TcpStream::read/write. Baseline: a plain
// blocking-socket echo thread (recv/send) on CPU 0. The client is the same
// blocking loop on the bench thread (CPU 1) against both.
//
// Target >=0.90: a round trip is two loopback TCP transfers and two
// cross-CPU wake-ups, microseconds of kernel work that both servers pay
// alike. Per message the runtime server makes one io_uring_enter where the
// baseline makes a recv, and adds a coroutine resumption and a dispatch per
// op (tens of ns): a tenth of the round-trip rate is a generous bound.
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <future>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <cio/core/runtime.hpp>
#include <cio/net/tcp_listener.hpp>
#include <cio/net/tcp_stream.hpp>

#include "cases.hpp"
#include "runtime_slot.hpp"

namespace cio::bench {
namespace {

constexpr size_t kMessage = 64;

// Moves the calling thread to CPU 0; where that is not allowed it stays put.
void pin_to_cpu0() noexcept {
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(0, &one);
  (void)sched_setaffinity(0, sizeof(one), &one);
}

void set_nodelay(int fd) noexcept {
  const int on = 1;
  (void)::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
}

bool send_all(int fd, const char* data, size_t size) noexcept {
  while (size > 0) {
    const ssize_t sent = ::send(fd, data, size, MSG_NOSIGNAL);
    if (sent <= 0) return false;
    data += sent;
    size -= static_cast<size_t>(sent);
  }
  return true;
}

// The baseline server: takes `listener`, accepts one connection, closes
// the listener and echoes with blocking recv/send.
void blocking_echo(int listener) {
  pin_to_cpu0();
  const int fd = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
  ::close(listener);
  if (fd < 0) return;
  set_nodelay(fd);
  std::array<char, 4 * kMessage> buffer{};
  for (;;) {
    const ssize_t got = ::recv(fd, buffer.data(), buffer.size(), 0);
    if (got <= 0 || !send_all(fd, buffer.data(), static_cast<size_t>(got))) break;
  }
  ::close(fd);
}

// Our server: one connection, read then write. A short write (rare) falls
// back to write_all, whose Task frame is the only allocation on this path.
Task<void> runtime_echo(std::promise<uint16_t>& port) {
  auto listener = net::TcpListener::bind(net::SocketAddress::ipv4_loopback());
  if (!listener) {
    port.set_exception(std::make_exception_ptr(std::runtime_error(listener.describe())));
    co_return;
  }
  port.set_value(listener->local_address()->port());
  auto stream = co_await listener->accept();
  if (!stream) co_return;
  (void)stream->set_nodelay(true);
  std::array<std::byte, 4 * kMessage> buffer{};
  for (;;) {
    auto got = co_await stream->read(buffer);
    if (!got || *got == 0) break;
    const auto chunk = std::span(buffer).first(*got);
    auto sent = co_await stream->write(chunk);
    if (!sent) break;
    if (*sent < chunk.size() && !co_await stream->write_all(chunk.subspan(*sent))) break;
  }
}

void serve_on_runtime(std::promise<uint16_t> port) {
  pin_to_cpu0();
  std::optional<Runtime> runtime;
  RuntimeConfig config;
  config.driver.backend = BackendKind::io_uring;
  try {
    emplace_runtime(runtime, config);  // perf::Skip where io_uring is blocked
  } catch (...) {
    port.set_exception(std::current_exception());
    return;
  }
  runtime->block_on(runtime_echo(port));
}

// A blocking client socket connected to 127.0.0.1:`port`, or -1.
int connect_client(uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) != 0) {
    ::close(fd);
    return -1;
  }
  set_nodelay(fd);
  return fd;
}

// One echo server thread, waiting in accept, and the bench thread's
// connection to it. Closing the connection ends the server, which the
// destructor then joins.
class EchoPeer {
 public:
  EchoPeer(std::thread server, uint16_t port)
      : server_(std::move(server)), port_(port), client_(connect_client(port)) {}
  ~EchoPeer() {
    if (client_ < 0) client_ = connect_client(port_);  // the server still waits to accept
    if (client_ >= 0) {
      ::close(client_);
      server_.join();
    } else {
      server_.detach();  // unreachable server: do not hang the bench
    }
  }
  EchoPeer(const EchoPeer&) = delete;
  EchoPeer& operator=(const EchoPeer&) = delete;

  bool connected() const noexcept { return client_ >= 0; }

  // Sends one message stamped with `round` and checks what comes back.
  void round_trip(uint64_t round) {
    std::array<char, kMessage> out{};
    std::array<char, kMessage> back{};
    std::memcpy(out.data(), &round, sizeof(round));
    if (!send_all(client_, out.data(), out.size())) throw perf::VerifyError("client send failed");
    for (size_t got = 0; got < back.size();) {
      const ssize_t n = ::recv(client_, back.data() + got, back.size() - got, 0);
      if (n <= 0) throw perf::VerifyError("the echo server closed or failed");
      got += static_cast<size_t>(n);
    }
    if (out != back) throw perf::VerifyError("echo of round " + std::to_string(round) + " differs");
  }

 private:
  std::thread server_;
  uint16_t port_;
  int client_;
};

class EchoWorkload final : public perf::Workload {
 public:
  EchoWorkload() {
    std::promise<uint16_t> port;
    std::future<uint16_t> bound = port.get_future();
    std::thread server(serve_on_runtime, std::move(port));
    uint16_t ours_port = 0;
    try {
      ours_port = bound.get();  // rethrows perf::Skip or a bind failure
    } catch (...) {
      server.join();  // it has returned already
      throw;
    }
    ours_.emplace(std::move(server), ours_port);

    const auto [listener, base_port] = listen_on_loopback();
    base_.emplace(std::thread(blocking_echo, listener), base_port);
    if (!ours_->connected() || !base_->connected()) throw std::runtime_error("client connect");
  }

  uint64_t run_ours(uint64_t rounds) override { return run(*ours_, rounds); }
  uint64_t run_baseline(uint64_t rounds) override { return run(*base_, rounds); }

 private:
  static uint64_t run(EchoPeer& peer, uint64_t rounds) {
    for (uint64_t r = 0; r < rounds; ++r) peer.round_trip(r);
    return rounds;
  }

  // A blocking listener on 127.0.0.1:0: its descriptor and port.
  static std::pair<int, uint16_t> listen_on_loopback() {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    auto* raw = reinterpret_cast<sockaddr*>(&address);
    if (fd < 0 || ::bind(fd, raw, sizeof(address)) != 0 || ::listen(fd, 1) != 0 ||
        ::getsockname(fd, raw, &length) != 0) {
      const std::string reason = std::strerror(errno);
      if (fd >= 0) ::close(fd);
      throw std::runtime_error("baseline listener: " + reason);
    }
    return {fd, ntohs(address.sin_port)};
  }

  std::optional<EchoPeer> ours_;
  std::optional<EchoPeer> base_;
};

}  // namespace

void add_echo_cases(std::vector<perf::Comparison>& out) {
  out.push_back({"runtime.echo.roundtrip", ">=0.90",
                 "64 B TCP echo round trips over loopback, one connection, server on CPU 0",
                 "cio::Runtime server (TcpStream read/write)", "blocking recv/send thread",
                 [] { return std::make_unique<EchoWorkload>(); }});
}

}  // namespace cio::bench
