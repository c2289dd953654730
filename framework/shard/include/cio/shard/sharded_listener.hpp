/// @file
/// ShardedListener: one listening endpoint served by every shard, for TCP
/// (ShardedTcpListener, at a SocketAddress) and Unix-domain stream sockets
/// (ShardedUnixListener, at a path). The balancing is chosen per listener:
///  - reuseport (TCP only): a SO_REUSEPORT listener on each shard; the
///    kernel spreads connections (no cross-shard traffic at all);
///  - round_robin / least_connections: the starting shard accepts and hands
///    each connection to a shard over the message rings (as its descriptor).
/// The handler runs on the shard that owns the connection. Stopping is two
/// phases: `drain` fires as soon as stop() begins (finish the request in
/// hand, read no more: an idle connection closes at once), `cancel` at the
/// deadline (abandon what is pending).
///
///   auto listener = co_await cio::shard::ShardedTcpListener::start(
///       address, {.balancing = cio::shard::Balancing::reuseport}, serve);
///   ...
///   co_await (*listener)->stop(5s);
#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <cio/core/stop.hpp>
#include <cio/core/task.hpp>
#include <cio/detail/awaited_arguments.hpp>
#include <cio/driver/result.hpp>
#include <cio/net/socket_address.hpp>
#include <cio/net/tcp_listener.hpp>
#include <cio/net/tcp_stream.hpp>
#include <cio/net/unix_listener.hpp>
#include <cio/net/unix_stream.hpp>
#include <cio/shard/sharded.hpp>

namespace cio::shard {

/// How a ShardedListener spreads connections over the shards.
enum class Balancing {
  reuseport,         ///< TCP only: every shard listens; the kernel spreads connections
  round_robin,       ///< the starting shard accepts and hands connections out in turn
  least_connections  ///< the starting shard accepts and hands each to the least-loaded shard
};

/// The config name of `balancing`: "reuseport", "round_robin" or
/// "least_connections".
std::string_view balancing_name(Balancing balancing) noexcept;
/// The Balancing balancing_name() gives `name`, or none for another name.
std::optional<Balancing> parse_balancing(std::string_view name) noexcept;

/// What a connection handler is told about shutdown; both tokens belong to
/// the connection's own shard.
struct ConnectionStop {
  StopToken drain;   ///< stopping began: finish the request in hand, read no more
  StopToken cancel;  ///< the deadline passed: abandon what is pending
};

namespace detail {
template <typename Stream>
struct Transport;
template <>
struct Transport<net::TcpStream> {
  using Endpoint = net::SocketAddress;
  using Listener = net::TcpListener;
  using ListenOptions = net::ListenOptions;
};
template <>
struct Transport<net::UnixStream> {
  using Endpoint = std::string;  // the socket file's path
  using Listener = net::UnixListener;
  using ListenOptions = net::UnixListenOptions;
};

template <typename Stream>
class ListenerShard;

// One shard's count of open connections, on a cache line of its own: each
// shard updates its count as its connections end.
struct alignas(64) OpenCount {
  std::atomic<uint32_t> value{0};
};
}  // namespace detail

/// How a ShardedListener listens: its balancing and the transport's own
/// listen options (net::ListenOptions for TCP, net::UnixListenOptions).
template <typename Stream>
struct ShardedListenOptions {
  /// Default: reuseport for TCP, round_robin for Unix sockets, which cannot
  /// share a path (reuseport is refused there).
  Balancing balancing =
      std::is_same_v<Stream, net::TcpStream> ? Balancing::reuseport : Balancing::round_robin;
  /// Every bind's options. With reuseport, TCP's reuse_port is turned on; set
  /// it yourself only to share the port with other processes on purpose (the
  /// check that no one else holds the port is skipped then).
  typename detail::Transport<Stream>::ListenOptions listen{};
};

/// Serves one connection on the shard that owns it. Each shard calls its own
/// copy (made on that shard). An exception it throws is logged ("runtime"
/// logger) and the connection is closed.
template <typename Stream>
using StreamHandler = std::function<Task<void>(Stream connection, ConnectionStop stop)>;

/// One listening endpoint served by every shard (see the file comment). Made
/// by start(), owned through the unique_ptr it returns; stop() must complete
/// before it is destroyed.
template <typename Stream>
class ShardedListener {
 public:
  using Endpoint = typename detail::Transport<Stream>::Endpoint;  ///< SocketAddress, or a path
  using Options = ShardedListenOptions<Stream>;                   ///< balancing and bind options
  using Handler = StreamHandler<Stream>;                          ///< the connection handler

  /// From any shard of a running launch, which becomes the listener's home:
  /// it accepts (unless reuseport) and runs the stop calls. Binds on the
  /// accepting shards (TCP port 0: the port the first bind got, on every
  /// shard) and starts accepting. Errors are those of the transport's bind,
  /// EADDRINUSE when reuseport finds the port held by another socket, and
  /// invalid_argument for reuseport on a Unix socket; nothing stays bound on
  /// error. The handler is taken as submit_to takes a callable (see
  /// submit_to.hpp).
  template <typename H>
  [[nodiscard]] static Task<Result<std::unique_ptr<ShardedListener>>> start(Endpoint endpoint,
                                                                            Options options,
                                                                            H&& handler) {
    cio::detail::check_awaited_callable<H>();
    static_assert(std::is_trivially_destructible_v<Options>,
                  "Options is passed braced in co_await expressions: keep it trivially "
                  "destructible (see cio/detail/awaited_arguments.hpp)");
    return start_with(std::move(endpoint), std::move(options), Handler(std::forward<H>(handler)));
  }
  /// Destroying a started listener is reported like an unstopped Sharded.
  ~ShardedListener();

  /// The bound address (TCP, with the port resolved) or path (Unix).
  const Endpoint& address() const noexcept { return endpoint_; }
  /// The balancing it was started with.
  Balancing balancing() const noexcept { return options_.balancing; }

  /// Open connections per shard (element i: shard i), a snapshot readable
  /// from any shard. A handed-over connection counts as soon as it is sent.
  std::vector<uint32_t> open_connections() const;

  /// Stops accepting on every shard; open connections carry on. A Unix
  /// listener removes its socket file if it is still the one it made.
  Task<void> stop_accepting();
  /// stop_accepting(), then tells every connection to drain, without
  /// waiting: a server with several listeners drains them all at once.
  Task<void> begin_stop();
  /// begin_stop(), then waits up to `grace` for the connections to end,
  /// then cancels the rest and waits for them. Must complete before the
  /// listener is destroyed. These three run on the shard that started the
  /// listener (called elsewhere, they go there).
  Task<void> stop(std::chrono::milliseconds grace);

 private:
  friend class detail::ListenerShard<Stream>;
  using Part = detail::ListenerShard<Stream>;
  using Listener = typename detail::Transport<Stream>::Listener;
  using ListenOptions = typename detail::Transport<Stream>::ListenOptions;
  ShardedListener(Endpoint endpoint, Options options, Handler handler);
  static Task<Result<std::unique_ptr<ShardedListener>>> start_with(Endpoint endpoint,
                                                                   Options options,
                                                                   Handler handler);
  Task<Result<void>> bind();
  void remove_socket_file() noexcept;
  static Result<Endpoint> bind_part(Part& part, const Endpoint& endpoint,
                                    const ListenOptions& options);
  void hand_over(Stream connection);
  unsigned pick_shard() noexcept;

  Endpoint endpoint_;
  Options options_;
  Handler handler_;
  // Written by the accepting shard at hand-over and by each shard as its
  // connections end; read by the accepting shard to pick the least loaded.
  std::unique_ptr<detail::OpenCount[]> open_;
  unsigned next_ = 0;                   // round robin cursor (accepting shard only)
  const unsigned home_ = this_shard();  // where it was started and accepts
  // A Unix listener's socket file (device, inode) as bound.
  std::optional<std::pair<dev_t, ino_t>> socket_file_;
  Sharded<detail::ListenerShard<Stream>> shards_;
  bool started_ = false;
};

extern template class ShardedListener<net::TcpStream>;
extern template class ShardedListener<net::UnixStream>;

using ShardedTcpListener = ShardedListener<net::TcpStream>;    ///< at a SocketAddress
using ShardedUnixListener = ShardedListener<net::UnixStream>;  ///< at a socket file's path
using ConnectionHandler = StreamHandler<net::TcpStream>;       ///< a ShardedTcpListener's handler

}  // namespace cio::shard
