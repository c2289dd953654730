// Listener<Stream>: the accepting half TcpListener and UnixListener share.
//
//   auto client = co_await listener.accept();   // Result<TcpStream>
//   auto incoming = listener.incoming();         // multishot where supported
//   for (;;) { auto next = co_await incoming.next(); ... }
#pragma once

#include <coroutine>
#include <cstddef>
#include <memory>
#include <utility>

#include <cio/fs/detail/named_op.hpp>
#include <cio/net/detail/accept_queue.hpp>
#include <cio/net/socket.hpp>
#include <cio/ops.hpp>
#include <cio/runtime.hpp>
#include <cio/stop.hpp>

namespace cio::net {
namespace detail {

// Wraps an accepted descriptor (attached to the runtime) as a Stream.
template <typename Stream, typename Raw>
Result<Stream> adopt_stream(const Result<Raw>& accepted) {
  if (!accepted) return cio::detail::error_of<Stream>(accepted);
  auto owned = fs::OwnedFd::adopt(static_cast<int>(*accepted), "accept");
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

// Connections from one listener, fed by a multishot accept where the driver
// has one (see detail::AcceptQueue), else by one Accept at a time. It must
// not outlive its listener. Destroying it stops the op; connections already
// accepted and not claimed are closed.
template <typename Stream>
class Incoming {
 public:
  // The next connection: Result<Stream>, errors named "accept" (EMFILE, or
  // operation_canceled at runtime shutdown). One awaiter at a time.
  auto next() noexcept {
    struct Next {
      detail::AcceptQueue* queue;
      bool await_ready() const noexcept { return queue->ready(); }
      void await_suspend(std::coroutine_handle<> waiter) noexcept { queue->wait(waiter); }
      Result<Stream> await_resume() { return detail::adopt_stream<Stream>(queue->pop()); }
    };
    return Next{queue_.get()};
  }

 private:
  friend class Listener<Stream>;
  Incoming(Fd listener, bool multishot, size_t capacity)
      : queue_(new detail::AcceptQueue(listener, multishot, capacity)) {}

  struct Abandon {
    void operator()(detail::AcceptQueue* queue) const noexcept { queue->abandon(); }
  };
  std::unique_ptr<detail::AcceptQueue, Abandon> queue_;
};

template <typename Stream>
class Listener : public Socket {
 public:
  using AcceptOp = detail::AcceptOp<Stream>;

  // Accepts one connection: Result<Stream>, errors named "accept". Stopping
  // `token` cancels it (operation_canceled).
  AcceptOp accept(StopToken token = {}) noexcept {
    return AcceptOp("accept", std::move(token), fd());
  }

  // Accepted connections, queued up to `capacity` (plus a burst already in
  // the backlog; see detail::AcceptQueue). Uses one multishot accept op
  // where the driver supports it, else one Accept at a time.
  Incoming<Stream> incoming(size_t capacity = 64) {
    const bool multishot = Runtime::current().driver().supports(Capability::multishot_accept);
    return Incoming<Stream>(fd(), multishot, capacity);
  }

 protected:
  using Socket::Socket;
};

}  // namespace cio::net
