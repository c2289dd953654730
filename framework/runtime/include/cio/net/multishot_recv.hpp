/// @file
/// MultishotRecv: receives a stream socket's bytes with one multishot recv op
/// into a shard's RecvBufferPool, as chunks consumed in order. The op is armed
/// when the consumer waits and stays armed across chunks (one submission for
/// many receives). Backpressure: once `max_held` buffers are queued or handed
/// out and not released, the op is stopped and the bytes wait in the kernel
/// (the peer's sends then block); it is armed again on the next wait. When
/// the pool runs dry the op ends and waits for a buffer to come back; no
/// byte is lost or reordered. Lives in the consumer's frame: no allocation.
///
///   cio::net::MultishotRecv recv(*pool, stream, 8);
///   for (;;) {
///     auto chunk = co_await recv.next(stop);  // Result<RecvChunk>
///     if (!chunk || chunk->length == 0) break;
///     ... use pool->bytes(*chunk) ...
///     recv.release(*chunk);
///   }
///   co_await recv.stop();  // before the frame ends: the op must be over
#pragma once

#include <coroutine>
#include <cstdint>
#include <optional>
#include <system_error>

#include <cio/core/completion.hpp>
#include <cio/core/stop.hpp>
#include <cio/driver/ops.hpp>
#include <cio/driver/result.hpp>
#include <cio/net/recv_buffer_pool.hpp>
#include <cio/net/stream_socket.hpp>

namespace cio::net {

/// One consumer's in-order receive of a stream socket through a
/// RecvBufferPool. Not copyable or movable (the driver points at it); make
/// it in the consuming coroutine and use it on that shard only.
class MultishotRecv final : Completion {
 public:
  class Next;
  class Stopped;

  /// Receives from `socket` (which must outlive this object) into `pool`,
  /// holding at most `max_held` buffers (at least 1) at a time.
  MultishotRecv(RecvBufferPool& pool, const StreamSocket& socket, uint32_t max_held) noexcept;
  /// The op must be over (stop() awaited, or end of stream / an error seen);
  /// releases the chunks still queued.
  ~MultishotRecv();
  MultishotRecv(const MultishotRecv&) = delete;
  MultishotRecv& operator=(const MultishotRecv&) = delete;

  /// The next chunk in order: Result<RecvChunk>, length 0 at end of stream.
  /// Errors named "recv_multishot" (connection_reset, ...); they repeat on
  /// later calls. Stopping `token` resumes a waiting call with
  /// operation_canceled; the op keeps running and chunks stay queued. Release
  /// chunks before waiting once `max_held` are out, or the wait never ends.
  Next next(StopToken token = {}) noexcept;
  /// A chunk already queued, without waiting; nullopt if none (end of stream
  /// and errors are reported by next() only).
  std::optional<RecvChunk> try_next() noexcept;
  /// Gives a chunk's buffer back to the pool once its bytes are used.
  void release(RecvChunk chunk) noexcept;
  /// Ends the op: the returned awaitable resumes after its final entry.
  /// Nothing is received afterwards; chunks queued meanwhile are released by
  /// the destructor.
  Stopped stop() noexcept;

  /// Buffers queued or handed out and not released.
  uint32_t held() const noexcept { return held_; }

 private:
  friend class RecvBufferPool;
  static constexpr uint16_t kNone = 0xffff;  // above any buffer id

  static void handle(Completion& self, const Entry& entry) noexcept;
  void take(const Entry& entry) noexcept;
  void enqueue(uint16_t id, uint32_t length) noexcept;
  bool chunk_came_this_poll() const noexcept;
  // Queues the consumer behind the tasks that are ready now.
  static void take_turn(std::coroutine_handle<> consumer) noexcept;
  void after_entry() noexcept;
  bool ready() const noexcept { return head_ != kNone || eof_ || error_; }
  bool can_arm() const noexcept;
  void arm() noexcept;
  void wait(std::coroutine_handle<> waiter) noexcept;
  bool cancel_wait() noexcept;
  Result<RecvChunk> pop() noexcept;
  // The pool has a buffer again: returns true if this receiver re-armed.
  bool buffer_available() noexcept;

  RecvBufferPool& pool_;
  RecvMultishot op_;
  uint32_t max_held_;
  uint32_t held_ = 0;
  uint64_t arrived_in_poll_ = 0;  // RuntimeStats::polls when the last chunk came
  uint16_t head_ = kNone;         // queued chunks, linked through the pool
  uint16_t tail_ = kNone;
  bool armed_ = false;
  bool stopping_ = false;  // we canceled the op
  bool closing_ = false;   // stop() was called: never armed again
  bool starved_ = false;   // in the pool's list, waiting for a buffer
  bool eof_ = false;
  std::error_code error_;
  std::coroutine_handle<> waiter_;
  std::coroutine_handle<> closer_;
  MultishotRecv* starved_next_ = nullptr;
};

/// The awaitable next() returns; await it once, right away.
class [[nodiscard]] MultishotRecv::Next {
 public:
  /// Made by MultishotRecv::next().
  Next(MultishotRecv& recv, StopToken token) noexcept : recv_(recv), token_(std::move(token)) {}
  Next(const Next&) = delete;             ///< Registered with the receiver while it waits.
  Next& operator=(const Next&) = delete;  ///< Registered with the receiver while it waits.

  /// True when a result can be taken without waiting: the token is already
  /// stopped, or a chunk, end of stream or an error is queued. A chunk that
  /// arrived in the current poll is taken in its turn, behind the tasks
  /// that poll woke, so a quick consumer does not overtake the others.
  bool await_ready() noexcept {
    canceled_ = token_.stop_requested();
    if (canceled_) return true;
    if (!recv_.ready()) return false;
    // A consumer that was busy (sending) when its chunk came in the poll
    // now being run takes it in the chunk's turn, behind the tasks that
    // poll woke, as if it had been waiting. Taking it at once would let a
    // consumer that comes back quickly overtake the others on every round:
    // an echo server then served some connections 10-25% more often than
    // others, and its p99 latency grew by a tenth or more.
    in_turn_ = recv_.chunk_came_this_poll();
    return !in_turn_;
  }
  /// Parks `waiter` until a chunk, end of stream or an error (arming the
  /// op if it can be armed), or requeues it behind the ready tasks.
  void await_suspend(std::coroutine_handle<> waiter) noexcept {
    if (in_turn_) return MultishotRecv::take_turn(waiter);
    recv_.wait(waiter);
    if (token_.stop_possible()) stop_.emplace(token_, Canceller{this});
  }
  /// The next chunk, a length-0 chunk at end of stream, or the error
  /// ("recv_multishot"; operation_canceled after a stop).
  Result<RecvChunk> await_resume() noexcept {
    stop_.reset();
    if (canceled_) {
      return Result<RecvChunk>(std::make_error_code(std::errc::operation_canceled),
                               "recv_multishot");
    }
    return recv_.pop();
  }

 private:
  // Too late once the receiver has woken the waiter: its result stands.
  struct Canceller {
    Next* self;
    void operator()() const noexcept { self->canceled_ = self->recv_.cancel_wait(); }
  };

  MultishotRecv& recv_;
  StopToken token_;
  bool canceled_ = false;
  bool in_turn_ = false;
  std::optional<StopCallback<Canceller>> stop_;
};

/// The awaitable stop() returns: waits for the receive op's final entry.
class [[nodiscard]] MultishotRecv::Stopped {
 public:
  /// Made by MultishotRecv::stop().
  explicit Stopped(MultishotRecv& recv) noexcept : recv_(recv) {}
  /// True when no op is in flight (nothing to wait for).
  bool await_ready() const noexcept { return !recv_.armed_; }
  /// Parks `closer` until the op's final entry.
  void await_suspend(std::coroutine_handle<> closer) noexcept { recv_.closer_ = closer; }
  /// Nothing to return; the op is over.
  void await_resume() const noexcept {}

 private:
  MultishotRecv& recv_;
};

inline MultishotRecv::Next MultishotRecv::next(StopToken token) noexcept {
  return Next(*this, std::move(token));
}

}  // namespace cio::net
