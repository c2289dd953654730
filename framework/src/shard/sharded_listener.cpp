#include <cio/shard/sharded_listener.hpp>

#include <sys/socket.h>
#include <unistd.h>

#include <utility>

#include <cio/fs/owned_fd.hpp>
#include <cio/net/address_free.hpp>
#include <cio/runtime.hpp>
#include <cio/shard/detail/outgoing.hpp>

#include "../runtime_log.hpp"
#include "listener_shard.hpp"

namespace cio::shard {
namespace {

// A descriptor on its way to another shard: closed if the message dies
// unrun (the launch ended first).
class FdCarrier {
 public:
  explicit FdCarrier(int fd) noexcept : fd_(fd) {}
  FdCarrier(FdCarrier&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  FdCarrier& operator=(FdCarrier&&) = delete;
  ~FdCarrier() {
    if (fd_ >= 0) ::close(fd_);
  }
  int take() noexcept { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

}  // namespace

std::string_view balancing_name(Balancing balancing) noexcept {
  switch (balancing) {
    case Balancing::reuseport:
      return "reuseport";
    case Balancing::round_robin:
      return "round_robin";
    case Balancing::least_connections:
      return "least_connections";
  }
  return "?";
}

std::optional<Balancing> parse_balancing(std::string_view name) noexcept {
  for (auto balancing :
       {Balancing::reuseport, Balancing::round_robin, Balancing::least_connections}) {
    if (balancing_name(balancing) == name) return balancing;
  }
  return std::nullopt;
}

ShardedTcpListener::ShardedTcpListener(net::SocketAddress address, ShardedListenOptions options,
                                       ConnectionHandler handler)
    : address_(address),
      options_(options),
      handler_(std::move(handler)),
      open_(std::make_unique<std::atomic<uint32_t>[]>(shard_count())) {}

ShardedTcpListener::~ShardedTcpListener() = default;

Task<Result<std::unique_ptr<ShardedTcpListener>>> ShardedTcpListener::start(
    net::SocketAddress address, ShardedListenOptions options, ConnectionHandler handler) {
  using Out = Result<std::unique_ptr<ShardedTcpListener>>;
  const bool every_shard = options.balancing == Balancing::reuseport;
  // A port shared on purpose (reuse_port asked for) may have other owners;
  // one shared only between this listener's shards may not.
  if (every_shard && !options.listen.reuse_port) {
    auto free = net::ensure_address_free(address, SOCK_STREAM);
    if (!free) co_return Out(free.error(), free.operation());
  }
  options.listen.reuse_port = options.listen.reuse_port || every_shard;
  std::unique_ptr<ShardedTcpListener> self(
      new ShardedTcpListener(address, options, std::move(handler)));
  co_await self->shards_.start(self.get());
  const unsigned binding = every_shard ? shard_count() : 1;
  for (unsigned shard = 0; shard < binding; ++shard) {
    // Port 0 is resolved by the first bind; the others reuse that port.
    auto bound = co_await self->shards_.invoke_on(
        shard, [at = self->address_, listen = options.listen](detail::ListenerShard& part) {
          return part.bind(at, listen);
        });
    if (!bound) {
      co_await self->shards_.stop();
      co_return Out(bound.error(), bound.operation());
    }
    self->address_ = *bound;
  }
  co_await self->shards_.invoke_on_all([](detail::ListenerShard& part) { part.start_accepting(); });
  self->started_ = true;
  co_return Out(std::move(self));
}

std::vector<uint32_t> ShardedTcpListener::open_connections() const {
  std::vector<uint32_t> counts(shard_count());
  for (unsigned shard = 0; shard < counts.size(); ++shard) {
    counts[shard] = open_[shard].load(std::memory_order_relaxed);
  }
  return counts;
}

Task<void> ShardedTcpListener::stop_accepting() {
  co_await shards_.invoke_on_all([](detail::ListenerShard& part) { return part.stop_accepting(); });
}

Task<void> ShardedTcpListener::stop(std::chrono::milliseconds grace) {
  if (!started_) co_return;
  started_ = false;
  co_await stop_accepting();
  co_await shards_.invoke_on_all(
      [grace](detail::ListenerShard& part) { return part.drain(grace); });
  co_await shards_.stop();
}

unsigned ShardedTcpListener::pick_shard() noexcept {
  const unsigned count = shard_count();
  const unsigned start = next_;
  next_ = (next_ + 1) % count;
  if (options_.balancing == Balancing::round_robin) return start;
  // Fewest open connections; ties go to the round-robin cursor's side.
  unsigned best = start;
  for (unsigned i = 1; i < count; ++i) {
    const unsigned shard = (start + i) % count;
    if (open_[shard].load(std::memory_order_relaxed) <
        open_[best].load(std::memory_order_relaxed)) {
      best = shard;
    }
  }
  return best;
}

// Runs on the accepting shard: count the connection against its new shard
// now, so least_connections sees it before that shard does.
void ShardedTcpListener::hand_over(net::TcpStream connection) {
  const unsigned target = pick_shard();
  open_[target].fetch_add(1, std::memory_order_relaxed);
  if (target == this_shard()) {
    shards_.local().serve(std::move(connection), true);
    return;
  }
  FdCarrier carrier(connection.release());
  detail::post(target, Message([this, carrier = std::move(carrier)]() mutable {
                 auto fd = fs::OwnedFd::adopt(carrier.take(), "accept");
                 if (!fd) {
                   open_[this_shard()].fetch_sub(1, std::memory_order_relaxed);
                   cio::detail::runtime_logger()->warn("handing over a connection: {}",
                                                       fd.describe());
                   return;
                 }
                 shards_.local().serve(net::TcpStream(std::move(*fd)), true);
               }));
}

}  // namespace cio::shard
