#include "echo_shard.hpp"

#include <spdlog/spdlog.h>

#include <cio/runtime.hpp>
#include <cio/shard/shard.hpp>
#include <cio/time/timeout.hpp>

#include "echo_log.hpp"
#include "stream_echo.hpp"

namespace cio::echo {
namespace {

constexpr uint16_t kBufferGroup = 0x0ec0;
constexpr size_t kMaxDatagram = 65536;

}  // namespace

EchoShard::EchoShard(const EchoOptions* options, ConnectionLimit* limit) noexcept
    : options_(*options), limit_(*limit), idle_(options->idle_timeout) {}

std::string EchoShard::start() {
  const RecvOptions& recv = options_.recv;
  if (recv.multishot != MultishotMode::off) {
    auto pool = net::RecvBufferPool::create(kBufferGroup, recv.buffers, recv.buffer_size);
    if (pool) {
      pool_ = std::move(*pool);
    } else if (recv.multishot == MultishotMode::on) {
      const auto backend = Runtime::current().driver().setup().backend;
      return "echo.recv.multishot is 'on' but the " + std::string(backend_name(backend)) +
             " backend cannot do it (" + pool.describe() + "): use 'auto' or 'off'";
    }
  }
  if (auto held = gate_.enter()) {
    spawn([](EchoShard& self, sync::Gate::Holder) -> Task<void> {
      co_await self.idle_.run(self.drain_.token());
    }(*this, std::move(*held)));
  }
  return {};
}

std::optional<sync::Gate::Holder> EchoShard::admit() noexcept {
  if (!limit_.try_enter()) {
    ++rejected_;
    return std::nullopt;
  }
  auto held = gate_.enter();
  if (!held) {
    limit_.leave();
    return std::nullopt;
  }
  ++open_;
  ++served_;
  return std::move(*held);
}

void EchoShard::leave() noexcept {
  --open_;
  limit_.leave();
}

void EchoShard::set_options(net::TcpStream& stream) {
  if (!options_.nodelay) return;
  auto set = stream.set_nodelay(true);
  if (!set) echo_log()->debug("TCP_NODELAY: {}", set.describe());
}

Task<void> EchoShard::echo(net::StreamSocket& stream) {
  {
    IdleTracker::Watch watch(idle_, stream.native_handle());
    const EchoContext context{watch, drain_.token(), cancel_.token()};
    if (pool_) {
      co_await echo_multishot(stream, *pool_, options_.recv.buffers_per_connection, context);
    } else {
      const size_t size = options_.recv.buffer_size;
      auto buffer = std::make_unique_for_overwrite<std::byte[]>(size);
      co_await echo_plain(stream, std::span(buffer.get(), size), context);
    }
  }
  if (drain_.stop_requested() && !cancel_.stop_requested()) {
    co_await linger_if_input_waits(stream, cancel_.token());
  }
}

Result<net::SocketAddress> EchoShard::bind_udp(const net::SocketAddress& address) {
  using Out = Result<net::SocketAddress>;
  auto socket = net::UdpSocket::bind(address, {.reuse_addr = false, .reuse_port = true});
  if (!socket) return Out(socket.error(), socket.operation());
  auto local = socket->local_address();
  if (!local) return local;
  auto held = gate_.enter();
  if (!held) return Out(held.error(), held.operation());
  spawn(echo_udp(std::move(*socket), std::move(*held)));
  return local;
}

// One datagram at a time: a lost echo is UDP's nature, so send errors are
// ignored; an ICMP "refused" left by an earlier echo is skipped.
Task<void> EchoShard::echo_udp(net::UdpSocket socket, sync::Gate::Holder) {
  auto buffer = std::make_unique_for_overwrite<std::byte[]>(kMaxDatagram);
  const StopToken drain = drain_.token();
  for (;;) {
    auto got = co_await socket.recv_from(std::span(buffer.get(), kMaxDatagram), drain);
    if (!got && got.error() == std::errc::connection_refused) continue;
    if (!got) {
      if (got.error() != std::errc::operation_canceled) {
        echo_log()->warn("udp: {}", got.describe());
      }
      break;
    }
    ++datagrams_;
    auto sent = co_await socket.send_to(std::span(buffer.get(), got->size), got->peer);
    (void)sent;
  }
  auto closed = co_await socket.close();
  (void)closed;
}

Task<void> EchoShard::drain(time::Clock::time_point deadline) {
  drain_.request_stop();
  auto ended = co_await time::timeout(
      deadline - time::Clock::now(),
      [this](StopToken stop) -> Task<Result<void>> { co_return co_await gate_.close(stop); });
  if (ended) co_return;
  co_await stop();
}

Task<void> EchoShard::stop() {
  drain_.request_stop();
  cancel_.request_stop();
  auto closed = co_await gate_.close();
  (void)closed;
}

ShardCounts EchoShard::counts() const noexcept {
  return {this_shard(), open_, served_, rejected_, idle_.closed(), datagrams_};
}

}  // namespace cio::echo
