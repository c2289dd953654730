#include "echo_shard.hpp"

#include <spdlog/spdlog.h>

#include <stdexcept>
#include <string>

#include <cio/core/runtime.hpp>
#include <cio/shard/shard.hpp>

#include "echo_log.hpp"
#include "stream_echo.hpp"

namespace cio::echo {
namespace {

constexpr uint16_t kBufferGroup = 0x0ec0;
constexpr size_t kMaxDatagram = 65536;

}  // namespace

EchoShard::EchoShard(const EchoOptions* options, ConnectionLimit* limit)
    : options_(*options), limit_(*limit), idle_(options->idle_timeout) {
  const RecvOptions& recv = options_.recv;
  if (recv.multishot != MultishotMode::off) {
    auto pool = net::RecvBufferPool::create(kBufferGroup, recv.buffers, recv.buffer_size);
    if (pool) {
      pool_ = std::move(*pool);
    } else if (recv.multishot == MultishotMode::on) {
      const auto backend = Runtime::current().driver().setup().backend;
      throw std::runtime_error("echo.recv.multishot is 'on' but the " +
                               std::string(backend_name(backend)) + " backend cannot do it (" +
                               pool.describe() + "): use 'auto' or 'off'");
    }
  }
  spawn(sweep_idle());
}

Task<void> EchoShard::sweep_idle() {
  co_await idle_.run(sweeps_stop_.token());
  sweeps_done_.set();
}

bool EchoShard::admit() noexcept {
  if (!limit_.try_enter()) {
    ++rejected_;
    return false;
  }
  ++open_;
  ++served_;
  return true;
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

Task<void> EchoShard::echo(net::StreamSocket& stream, const shard::ConnectionStop& stop) {
  {
    IdleTracker::Watch watch(idle_, stream.native_handle());
    const EchoContext context{watch, stop.drain, stop.cancel};
    if (pool_) {
      co_await echo_multishot(stream, *pool_, options_.recv.buffers_per_connection, context);
    } else {
      const size_t size = options_.recv.buffer_size;
      auto buffer = std::make_unique_for_overwrite<std::byte[]>(size);
      co_await echo_plain(stream, std::span(buffer.get(), size), context);
    }
  }
  if (stop.drain.stop_requested() && !stop.cancel.stop_requested()) {
    co_await linger_if_input_waits(stream, stop.cancel);
  }
}

// One datagram at a time: a lost echo is UDP's nature, so send errors are
// ignored; an ICMP "refused" left by an earlier echo is skipped.
Task<void> EchoShard::serve_udp(net::UdpSocket socket, StopToken stop) {
  auto buffer = std::make_unique_for_overwrite<std::byte[]>(kMaxDatagram);
  for (;;) {
    auto got = co_await socket.recv_from(std::span(buffer.get(), kMaxDatagram), stop);
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

Task<void> EchoShard::stop() {
  sweeps_stop_.request_stop();
  auto done = co_await sweeps_done_.wait();
  (void)done;  // without a token the wait cannot fail
}

ShardCounts EchoShard::counts() const noexcept {
  return {this_shard(), open_, served_, rejected_, idle_.closed(), datagrams_};
}

}  // namespace cio::echo
