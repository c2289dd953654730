/// @file
/// Listener<Stream>: the accepting half TcpListener and UnixListener share.
///
///   auto client = co_await listener.accept();   // Result<TcpStream>
///   auto incoming = listener.incoming();         // multishot where supported
///   for (;;) { auto next = co_await incoming.next(stop_token); ... }
#pragma once

#include <coroutine>
#include <cstddef>
#include <memory>
#include <optional>
#include <system_error>
#include <utility>

#include <cio/core/runtime.hpp>
#include <cio/core/stop.hpp>
#include <cio/detail/named_op.hpp>
#include <cio/driver/ops.hpp>
#include <cio/net/detail/accept_queue.hpp>
#include <cio/net/socket.hpp>

namespace cio::net {
namespace detail {

// Wraps an accepted descriptor (attached to the runtime) as a Stream.
template <typename Stream, typename Raw>
Result<Stream> adopt_stream(const Result<Raw>& accepted) {
  if (!accepted) return cio::detail::error_of<Stream>(accepted);
  auto owned = OwnedFd::adopt(static_cast<int>(*accepted), "accept");
  if (!owned) return cio::detail::error_of<Stream>(owned);
  return Stream(std::move(*owned));
}

// One Accept op; resumes with the connection as a Stream.
template <typename Stream>
class AcceptOp : public cio::detail::NamedOp<Accept> {
 public:
  using cio::detail::NamedOp<Accept>::NamedOp;
  Result<Stream> await_resume() { return adopt_stream<Stream>(this->kernel_result()); }
};

}  // namespace detail

template <typename Stream>
class Listener;

/// Connections from one listener, fed by a multishot accept where the driver
/// has one, else by one Accept at a time, armed when next() waits. Once
/// `capacity` connections wait unclaimed the multishot op is stopped, and the
/// rest wait in the kernel's listen backlog until next() wants more. It must
/// not outlive its listener. Destroying it stops the op; connections already
/// accepted and not claimed are closed.
template <typename Stream>
class Incoming {
 public:
  /// The next connection: Result<Stream>, errors named "accept" (EMFILE, or
  /// operation_canceled at runtime shutdown). One awaiter at a time.
  /// Stopping `token` resumes a waiting call with operation_canceled (at
  /// once if it was already stopped); connections accepted meanwhile stay
  /// queued for the next call, and the accept op keeps running.
  auto next(StopToken token = {}) noexcept { return Next(*queue_, std::move(token)); }

 private:
  friend class Listener<Stream>;
  Incoming(Fd listener, bool multishot, size_t capacity)
      : queue_(new detail::AcceptQueue(listener, multishot, capacity)) {}

  class Next {
   public:
    Next(detail::AcceptQueue& queue, StopToken token) noexcept
        : queue_(queue), token_(std::move(token)) {}
    Next(const Next&) = delete;
    Next& operator=(const Next&) = delete;

    bool await_ready() noexcept {
      canceled_ = token_.stop_requested();
      return canceled_ || queue_.ready();
    }
    void await_suspend(std::coroutine_handle<> waiter) noexcept {
      queue_.wait(waiter);
      if (token_.stop_possible()) stop_.emplace(token_, Canceller{this});
    }
    Result<Stream> await_resume() {
      stop_.reset();
      if (canceled_)
        return Result<Stream>(std::make_error_code(std::errc::operation_canceled), "accept");
      return detail::adopt_stream<Stream>(queue_.pop());
    }

   private:
    // Too late once the queue has woken the waiter: its result stands.
    struct Canceller {
      Next* self;
      void operator()() const noexcept { self->canceled_ = self->queue_.cancel_wait(); }
    };

    detail::AcceptQueue& queue_;
    StopToken token_;
    bool canceled_ = false;
    std::optional<StopCallback<Canceller>> stop_;
  };

  struct Abandon {
    void operator()(detail::AcceptQueue* queue) const noexcept { queue->abandon(); }
  };
  std::unique_ptr<detail::AcceptQueue, Abandon> queue_;
};

/// Base of the listening sockets (TcpListener, UnixListener), accepting
/// connections as `Stream`s attached to the calling shard's driver. Use it
/// on the shard that bound it.
template <typename Stream>
class Listener : public Socket {
 public:
  /// Awaitable returned by accept(): Result<Stream>.
  using AcceptOp = detail::AcceptOp<Stream>;

  /// Accepts one connection: Result<Stream>, errors named "accept". Stopping
  /// `token` cancels it (operation_canceled).
  AcceptOp accept(StopToken token = {}) noexcept {
    return AcceptOp("accept", std::move(token), fd());
  }

  /// Accepted connections, queued up to `capacity` (a multishot accept may
  /// briefly add a burst already in the listen backlog; none is dropped).
  /// Uses one multishot accept op where the driver supports it, else one
  /// Accept at a time.
  Incoming<Stream> incoming(size_t capacity = 64) {
    const bool multishot = Runtime::current().driver().supports(Capability::multishot_accept);
    return Incoming<Stream>(fd(), multishot, capacity);
  }

 protected:
  /// The constructors of Socket: empty, or taking an attached OwnedFd.
  using Socket::Socket;
};

}  // namespace cio::net
