#include "listener_shard.hpp"

#include <cerrno>
#include <exception>

#include <cio/core/runtime.hpp>
#include <cio/shard/shard.hpp>
#include <cio/time/sleep.hpp>
#include <cio/time/timeout.hpp>

#include <cio/detail/runtime_log.hpp>

namespace cio::shard::detail {
namespace {

using namespace std::chrono_literals;

// Out of descriptors: accepting again at once would spin, so pause briefly
// while connections end.
bool out_of_descriptors(std::error_code error) {
  return error == std::errc::too_many_files_open ||
         error == std::errc::too_many_files_open_in_system;
}

std::string describe(const net::SocketAddress& address) { return address.to_string(); }
const std::string& describe(const std::string& path) { return path; }

}  // namespace

template <typename Stream>
void ListenerShard<Stream>::start_accepting() {
  if (!listener_) return;
  accepting_ = true;
  spawn(accept_loop());
}

// accept_done_ is set on every way out: stop_accepting() waits for it.
template <typename Stream>
Task<void> ListenerShard<Stream>::accept_loop() {
  try {
    co_await accept_until_stopped();
  } catch (const std::exception& error) {
    cio::detail::runtime_logger()->error("listener {}: accepting stopped: {}",
                                         describe(owner_->address()), error.what());
  } catch (...) {
    cio::detail::runtime_logger()->error("listener {}: accepting stopped: an unknown exception",
                                         describe(owner_->address()));
  }
  accept_done_.set();
}

template <typename Stream>
Task<void> ListenerShard<Stream>::accept_until_stopped() {
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
    cio::detail::runtime_logger()->warn("listener {}: {}", describe(owner_->address()),
                                        next.describe());
    if (out_of_descriptors(next.error())) {
      auto paused = co_await time::sleep(10ms);
      (void)paused;  // without a token the sleep cannot be stopped
    }
  }
}

template <typename Stream>
Task<void> ListenerShard<Stream>::stop_accepting() {
  if (!accepting_) co_return;
  accepting_ = false;
  accept_stop_.request_stop();
  auto ended = co_await accept_done_.wait();
  (void)ended;  // without a token the wait cannot fail
  listener_.reset();
}

template <typename Stream>
void ListenerShard<Stream>::serve(Stream connection, bool counted) {
  if (!counted) owner_->open_[this_shard()].value.fetch_add(1, std::memory_order_relaxed);
  auto held = connections_.enter();
  if (!held) {
    connection_ended();  // shutting down: the stream closes here
    return;
  }
  spawn(run_connection(std::move(connection), std::move(*held)));
}

template <typename Stream>
Task<void> ListenerShard<Stream>::run_connection(Stream connection, sync::Gate::Holder held) {
  // Named, not braced inside the co_await: GCC 12 would destroy it twice
  // (see cio/detail/awaited_arguments.hpp).
  ConnectionStop stop{drain_.token(), cancel_.token()};
  try {
    co_await handler_(std::move(connection), std::move(stop));
  } catch (const std::exception& error) {
    cio::detail::runtime_logger()->error("connection handler failed: {}", error.what());
  } catch (...) {
    cio::detail::runtime_logger()->error("connection handler failed: an unknown exception");
  }
  connection_ended();
  held.reset();
}

template <typename Stream>
void ListenerShard<Stream>::connection_ended() noexcept {
  owner_->open_[this_shard()].value.fetch_sub(1, std::memory_order_relaxed);
}

template <typename Stream>
Task<void> ListenerShard<Stream>::drain(std::chrono::milliseconds grace) {
  begin_drain();
  auto ended = co_await time::timeout(grace, [this](StopToken stop) -> Task<Result<void>> {
    co_return co_await connections_.close(stop);
  });
  if (ended) co_return;
  cancel_.request_stop();
  auto closed = co_await connections_.close();
  (void)closed;  // without a token the wait cannot fail
}

template <typename Stream>
Task<void> ListenerShard<Stream>::stop() {
  co_await stop_accepting();
}

template class ListenerShard<net::TcpStream>;
template class ListenerShard<net::UnixStream>;

}  // namespace cio::shard::detail
