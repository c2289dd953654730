#include <cio/shard/sharded_listener.hpp>

#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <exception>
#include <typeinfo>
#include <utility>

#include <cio/core/owned_fd.hpp>
#include <cio/core/runtime.hpp>
#include <cio/detail/unstopped.hpp>
#include <cio/net/address_free.hpp>
#include <cio/shard/detail/outgoing.hpp>
#include <cio/shard/submit_to.hpp>

#include <cio/detail/runtime_log.hpp>
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

template <typename Stream>
ShardedListener<Stream>::ShardedListener(Endpoint endpoint, Options options, Handler handler)
    : endpoint_(std::move(endpoint)),
      options_(std::move(options)),
      handler_(std::move(handler)),
      open_(std::make_unique<detail::OpenCount[]>(shard_count())) {}

template <typename Stream>
ShardedListener<Stream>::~ShardedListener() {
  if (started_) cio::detail::report_unstopped(typeid(*this));
}

// TCP with reuseport: every shard binds, the calling shard first (port 0
// is resolved there; the others reuse that port). Otherwise the calling
// shard alone binds and hands connections out; a Unix path has one
// listener, so reuseport is refused there.
template <typename Stream>
Task<Result<void>> ShardedListener<Stream>::bind() {
  const bool every_shard = options_.balancing == Balancing::reuseport;
  if constexpr (std::is_same_v<Stream, net::UnixStream>) {
    if (every_shard) {
      co_return Result<void>(std::make_error_code(std::errc::invalid_argument),
                             "unix listener: reuseport balancing (use round_robin or "
                             "least_connections)");
    }
  } else if (every_shard && !options_.listen.reuse_port) {
    // A port shared on purpose (reuse_port asked for) may have other
    // owners; one shared only between this listener's shards may not.
    auto free = net::ensure_address_free(endpoint_, SOCK_STREAM);
    if (!free) co_return free;
  }
  if constexpr (std::is_same_v<Stream, net::TcpStream>) {
    options_.listen.reuse_port = options_.listen.reuse_port || every_shard;
  }
  const unsigned first = this_shard();
  for (unsigned i = 0; i < (every_shard ? shard_count() : 1); ++i) {
    auto bound = co_await shards_.invoke_on((first + i) % shard_count(), bind_part, endpoint_,
                                            options_.listen);
    if (!bound) co_return Result<void>(bound.error(), bound.operation());
    endpoint_ = *bound;
  }
  if constexpr (std::is_same_v<Stream, net::UnixStream>) {
    struct stat made {};
    if (::lstat(endpoint_.c_str(), &made) == 0) socket_file_.emplace(made.st_dev, made.st_ino);
  }
  co_return Result<void>();
}

// On the shard that binds: the endpoint it got (a TCP port 0 resolved).
template <typename Stream>
Result<typename ShardedListener<Stream>::Endpoint> ShardedListener<Stream>::bind_part(
    Part& part, const Endpoint& endpoint, const ListenOptions& options) {
  auto listener = Listener::bind(endpoint, options);
  if (!listener) return {listener.error(), listener.operation()};
  if constexpr (std::is_same_v<Stream, net::TcpStream>) {
    auto local = listener->local_address();
    if (local) part.set_listener(std::move(*listener));
    return local;
  } else {
    part.set_listener(std::move(*listener));
    return endpoint;
  }
}

template <typename Stream>
Task<Result<std::unique_ptr<ShardedListener<Stream>>>> ShardedListener<Stream>::start_with(
    Endpoint endpoint, Options options, Handler handler) {
  using Out = Result<std::unique_ptr<ShardedListener>>;
  std::unique_ptr<ShardedListener> self(
      new ShardedListener(std::move(endpoint), std::move(options), std::move(handler)));
  co_await self->shards_.start(self.get());
  std::exception_ptr failure;
  try {
    auto bound = co_await self->bind();
    if (bound) {
      co_await self->shards_.invoke_on_all([](Part& part) { part.start_accepting(); });
      self->started_ = true;
      co_return Out(std::move(self));
    }
    co_await self->shards_.stop();
    co_return Out(bound.error(), bound.operation());
  } catch (...) {
    failure = std::current_exception();
  }
  co_await self->shards_.stop();
  std::rethrow_exception(failure);
}

template <typename Stream>
std::vector<uint32_t> ShardedListener<Stream>::open_connections() const {
  std::vector<uint32_t> counts(shard_count());
  for (unsigned shard = 0; shard < counts.size(); ++shard) {
    counts[shard] = open_[shard].value.load(std::memory_order_relaxed);
  }
  return counts;
}

template <typename Stream>
Task<void> ShardedListener<Stream>::stop_accepting() {
  if (this_shard() != home_) {
    auto here = [this]() -> Task<void> { co_await stop_accepting(); };
    co_return co_await submit_to(home_, here);
  }
  co_await shards_.invoke_on_all([](Part& part) { return part.stop_accepting(); });
  remove_socket_file();
}

template <typename Stream>
Task<void> ShardedListener<Stream>::begin_stop() {
  if (this_shard() != home_) {
    auto here = [this]() -> Task<void> { co_await begin_stop(); };
    co_return co_await submit_to(home_, here);
  }
  if (!started_) co_return;
  co_await stop_accepting();
  co_await shards_.invoke_on_all([](Part& part) { part.begin_drain(); });
}

// From the home shard, so every hand-over it sent reaches its shard first
// (one ring each way, in order).
template <typename Stream>
Task<void> ShardedListener<Stream>::stop(std::chrono::milliseconds grace) {
  if (this_shard() != home_) {
    auto here = [this, grace]() -> Task<void> { co_await stop(grace); };
    co_return co_await submit_to(home_, here);
  }
  if (!started_) co_return;
  co_await begin_stop();
  started_ = false;
  co_await shards_.invoke_on_all(
      [](Part& part, std::chrono::milliseconds grace) { return part.drain(grace); }, grace);
  co_await shards_.stop();
}

// The socket file, if it is still the one this listener made: another
// server may have replaced it since (a restart), and that one stays.
template <typename Stream>
void ShardedListener<Stream>::remove_socket_file() noexcept {
  if constexpr (std::is_same_v<Stream, net::UnixStream>) {
    if (!socket_file_) return;
    struct stat now {};
    if (::lstat(endpoint_.c_str(), &now) == 0 && now.st_dev == socket_file_->first &&
        now.st_ino == socket_file_->second) {
      ::unlink(endpoint_.c_str());
    }
    socket_file_.reset();
  }
}

template <typename Stream>
unsigned ShardedListener<Stream>::pick_shard() noexcept {
  const unsigned count = shard_count();
  const unsigned start = next_;
  next_ = (next_ + 1) % count;
  if (options_.balancing == Balancing::round_robin) return start;
  // Fewest open connections; ties go to the round-robin cursor's side.
  unsigned best = start;
  for (unsigned i = 1; i < count; ++i) {
    const unsigned shard = (start + i) % count;
    if (open_[shard].value.load(std::memory_order_relaxed) <
        open_[best].value.load(std::memory_order_relaxed)) {
      best = shard;
    }
  }
  return best;
}

// Runs on the accepting shard: count the connection against its new shard
// now, so least_connections sees it before that shard does.
template <typename Stream>
void ShardedListener<Stream>::hand_over(Stream connection) {
  const unsigned target = pick_shard();
  open_[target].value.fetch_add(1, std::memory_order_relaxed);
  if (target == this_shard()) {
    shards_.local().serve(std::move(connection), true);
    return;
  }
  FdCarrier carrier(connection.release());
  detail::post(target, Message([this, carrier = std::move(carrier)]() mutable {
                 auto fd = OwnedFd::adopt(carrier.take(), "accept");
                 if (!fd) {
                   open_[this_shard()].value.fetch_sub(1, std::memory_order_relaxed);
                   cio::detail::runtime_logger()->warn("handing over a connection: {}",
                                                       fd.describe());
                   return;
                 }
                 shards_.local().serve(Stream(std::move(*fd)), true);
               }));
}

template class ShardedListener<net::TcpStream>;
template class ShardedListener<net::UnixStream>;

}  // namespace cio::shard
