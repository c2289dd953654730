#include <cio/shard/sharded_udp_socket.hpp>

#include <sys/socket.h>

#include <exception>
#include <optional>
#include <typeinfo>
#include <utility>

#include <cio/core/runtime.hpp>
#include <cio/detail/unstopped.hpp>
#include <cio/net/address_free.hpp>
#include <cio/sync/event.hpp>

#include <cio/detail/runtime_log.hpp>

namespace cio::shard {
namespace detail {

// One shard's socket and the handler serving it.
class UdpShard {
 public:
  // Runs on its own shard: takes that shard's copy of the handler.
  explicit UdpShard(ShardedUdpSocket* owner) : handler_(owner->handler_) {}

  Result<net::SocketAddress> bind(const net::SocketAddress& address) {
    auto socket = net::UdpSocket::bind(address, {.reuse_addr = false, .reuse_port = true});
    if (!socket) return {socket.error(), socket.operation()};
    auto local = socket->local_address();
    if (local) socket_.emplace(std::move(*socket));
    return local;
  }

  void run() {
    running_ = true;
    spawn(serve(std::move(*socket_)));
    socket_.reset();
  }

  Task<void> stop() {
    if (!running_) co_return;
    stop_.request_stop();
    auto done = co_await done_.wait();
    (void)done;  // without a token the wait cannot fail
    running_ = false;
  }

 private:
  Task<void> serve(net::UdpSocket socket) {
    try {
      co_await handler_(std::move(socket), stop_.token());
    } catch (const std::exception& error) {
      cio::detail::runtime_logger()->error("datagram handler failed: {}", error.what());
    } catch (...) {
      cio::detail::runtime_logger()->error("datagram handler failed: an unknown exception");
    }
    done_.set();
  }

  DatagramHandler handler_;
  std::optional<net::UdpSocket> socket_;
  StopSource stop_;
  sync::Event done_;
  bool running_ = false;
};

}  // namespace detail

ShardedUdpSocket::ShardedUdpSocket(net::SocketAddress address, DatagramHandler handler)
    : address_(address), handler_(std::move(handler)) {}

ShardedUdpSocket::~ShardedUdpSocket() {
  if (started_) cio::detail::report_unstopped(typeid(*this));
}

Task<Result<std::unique_ptr<ShardedUdpSocket>>> ShardedUdpSocket::start_with(
    net::SocketAddress address, DatagramHandler handler) {
  using Out = Result<std::unique_ptr<ShardedUdpSocket>>;
  if (auto free = net::ensure_address_free(address, SOCK_DGRAM); !free) {
    co_return Out(free.error(), free.operation());
  }
  std::unique_ptr<ShardedUdpSocket> self(new ShardedUdpSocket(address, std::move(handler)));
  co_await self->shards_.start(self.get());
  const unsigned first = this_shard();
  for (unsigned i = 0; i < shard_count(); ++i) {
    auto bind_here = [](detail::UdpShard& part, const net::SocketAddress& at) {
      return part.bind(at);
    };
    auto bound =
        co_await self->shards_.invoke_on((first + i) % shard_count(), bind_here, self->address_);
    if (!bound) {
      co_await self->shards_.stop();
      co_return Out(bound.error(), bound.operation());
    }
    self->address_ = *bound;
  }
  co_await self->shards_.invoke_on_all([](detail::UdpShard& part) { part.run(); });
  self->started_ = true;
  co_return Out(std::move(self));
}

Task<void> ShardedUdpSocket::stop() {
  if (!started_) co_return;
  started_ = false;
  co_await shards_.stop();
}

}  // namespace cio::shard
