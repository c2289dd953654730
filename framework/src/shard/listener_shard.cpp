#include "listener_shard.hpp"

#include <cerrno>
#include <exception>

#include <cio/runtime.hpp>
#include <cio/shard/shard.hpp>
#include <cio/time/sleep.hpp>
#include <cio/time/timeout.hpp>

#include "../runtime_log.hpp"

namespace cio::shard::detail {
namespace {

using namespace std::chrono_literals;

// Out of descriptors: accepting again at once would spin, so pause briefly
// while connections end.
bool out_of_descriptors(std::error_code error) {
  return error == std::errc::too_many_files_open ||
         error == std::errc::too_many_files_open_in_system;
}

}  // namespace

Result<net::SocketAddress> ListenerShard::bind(const net::SocketAddress& address,
                                               const net::ListenOptions& options) {
  auto listener = net::TcpListener::bind(address, options);
  if (!listener) return Result<net::SocketAddress>(listener.error(), listener.operation());
  auto local = listener->local_address();
  if (local) listener_.emplace(std::move(*listener));
  return local;
}

void ListenerShard::start_accepting() {
  if (!listener_) return;
  accepting_ = true;
  spawn(accept_loop());
}

Task<void> ListenerShard::accept_loop() {
  auto incoming = listener_->incoming();
  const StopToken stop = accept_stop_.token();
  for (;;) {
    auto next = co_await incoming.next(stop);
    if (next) {
      if (owner_->balancing() == Balancing::reuseport) {
        serve(std::move(*next), false);
      } else {
        owner_->hand_over(std::move(*next));
      }
      continue;
    }
    if (next.error() == std::errc::operation_canceled) break;
    cio::detail::runtime_logger()->warn("listener {}: {}", owner_->address().to_string(),
                                        next.describe());
    if (out_of_descriptors(next.error())) {
      auto paused = co_await time::sleep(10ms);
      (void)paused;  // without a token the sleep cannot be stopped
    }
  }
  accept_done_.set();
}

Task<void> ListenerShard::stop_accepting() {
  if (!accepting_) co_return;
  accepting_ = false;
  accept_stop_.request_stop();
  auto ended = co_await accept_done_.wait();
  (void)ended;  // without a token the wait cannot fail
  listener_.reset();
}

void ListenerShard::serve(net::TcpStream connection, bool counted) {
  if (!counted) owner_->open_[this_shard()].fetch_add(1, std::memory_order_relaxed);
  auto held = connections_.enter();
  if (!held) {
    connection_ended();  // shutting down: the stream closes here
    return;
  }
  spawn(run_connection(std::move(connection), std::move(*held)));
}

Task<void> ListenerShard::run_connection(net::TcpStream connection, sync::Gate::Holder held) {
  try {
    co_await owner_->handler_(std::move(connection), connections_stop_.token());
  } catch (const std::exception& error) {
    cio::detail::runtime_logger()->error("connection handler failed: {}", error.what());
  }
  connection_ended();
  held.reset();
}

void ListenerShard::connection_ended() noexcept {
  owner_->open_[this_shard()].fetch_sub(1, std::memory_order_relaxed);
}

Task<void> ListenerShard::drain(std::chrono::milliseconds grace) {
  auto ended = co_await time::timeout(grace, [this](StopToken stop) -> Task<Result<void>> {
    co_return co_await connections_.close(stop);
  });
  if (ended) co_return;
  connections_stop_.request_stop();
  auto closed = co_await connections_.close();
  (void)closed;  // without a token the wait cannot fail
}

Task<void> ListenerShard::stop() { co_await stop_accepting(); }

}  // namespace cio::shard::detail
