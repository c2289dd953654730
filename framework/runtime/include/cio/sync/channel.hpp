/// @file
/// Channel<T>: a bounded FIFO queue between coroutines of one shard (many
/// senders, many receivers, one thread). send() waits while the buffer is
/// full, receive() while it is empty; waiters are served in FIFO order and a
/// value goes straight to a waiting receiver. Capacity 0 makes every send a
/// rendezvous with a receive. The buffer is allocated once, at construction.
///
///   cio::sync::Channel<Job> jobs(64);
///   co_await jobs.send(job);                          // producer
///   while (auto job = co_await jobs.receive()) ...    // consumer, until closed
#pragma once

#include <coroutine>
#include <cstddef>
#include <memory>
#include <optional>
#include <system_error>
#include <type_traits>
#include <utility>

#include <cio/core/stop.hpp>
#include <cio/driver/result.hpp>
#include <cio/sync/waiter.hpp>

namespace cio::sync {

/// Bounded single-shard FIFO of T values (T movable and default
/// constructible). Immovable: parked senders and receivers point at it, so
/// it must outlive every pending send() and receive(). Waiters resume from
/// the runtime's ready queue, never inline.
template <typename T>
class Channel {
  static_assert(std::is_move_constructible_v<T> && std::is_default_constructible_v<T>,
                "Channel<T> moves values and returns them in a Result<T>");

 public:
  class Send;
  class Receive;

  /// Buffers up to `capacity` values (0: every send waits for a receiver).
  /// Allocates the buffer now.
  explicit Channel(size_t capacity)
      : slots_(std::make_unique<std::optional<T>[]>(capacity)), capacity_(capacity) {}
  Channel(const Channel&) = delete;             ///< Waiters point at it.
  Channel& operator=(const Channel&) = delete;  ///< Waiters point at it.

  /// Awaitable: queues `value`, waiting while the buffer is full. Fails with
  /// kClosed ("channel send") if the channel is or gets closed first, or
  /// operation_canceled if `token` is stopped first; the value is then
  /// dropped.
  Send send(T value, StopToken token = {}) {
    return Send(*this, std::move(value), std::move(token));
  }
  /// Awaitable: the oldest value, waiting while there is none. After close()
  /// the values already queued are still received, then it fails with
  /// kClosed ("channel receive"). A stop of `token` while it waits ends it
  /// with operation_canceled, taking nothing.
  Receive receive(StopToken token = {}) noexcept { return Receive(*this, std::move(token)); }

  /// Queues `value` without waiting; moves from it only on success. Errors:
  /// kClosed, or resource_unavailable_try_again when full ("channel
  /// try_send").
  Result<void> try_send(T&& value);
  /// The oldest value without waiting. Errors: kClosed once closed and
  /// drained, or resource_unavailable_try_again when empty
  /// ("channel try_receive").
  Result<T> try_receive();

  /// Refuses further sends and fails the blocked ones; receivers drain what is
  /// queued, then see kClosed.
  void close() noexcept;

  /// True once close() was called.
  bool is_closed() const noexcept { return closed_; }
  /// Values buffered (a parked sender's value is not counted).
  size_t size() const noexcept { return size_; }
  /// The buffer size given at construction.
  size_t capacity() const noexcept { return capacity_; }

 private:
  bool offer(T& value);
  bool take(std::optional<T>& out);
  void push(T&& value);
  T pop();

  std::unique_ptr<std::optional<T>[]> slots_;
  size_t capacity_;
  size_t head_ = 0;
  size_t size_ = 0;
  bool closed_ = false;
  detail::WaiterList senders_;
  detail::WaiterList receivers_;
};

/// The awaitable send() returns; it holds the value until it is taken.
/// Await it once, where it was made.
template <typename T>
class [[nodiscard]] Channel<T>::Send : detail::Waiter {
 public:
  /// Hands the value to a waiting receiver or buffers it if it can, or
  /// fails at once on a closed channel; else the sender waits.
  bool await_ready() {
    if (channel_.closed_) settle(detail::WaitStatus::closed);
    return channel_.closed_ || channel_.offer(value_);
  }
  /// Parks the sender, FIFO, until a receiver takes the value, close(), or a stop.
  void await_suspend(std::coroutine_handle<> handle) noexcept { park(channel_.senders_, handle); }
  /// Success, or kClosed / operation_canceled named "channel send".
  Result<void> await_resume() const noexcept { return result("channel send"); }

 private:
  friend class Channel;
  Send(Channel& channel, T&& value, StopToken token)
      : Waiter(std::move(token)), channel_(channel), value_(std::move(value)) {}

  Channel& channel_;
  T value_;
};

/// The awaitable receive() returns. Await it once, where it was made.
template <typename T>
class [[nodiscard]] Channel<T>::Receive : detail::Waiter {
 public:
  /// Takes the oldest value (buffered, or from a parked sender) if there is
  /// one, or fails at once on a closed, drained channel; else it waits.
  bool await_ready() {
    if (channel_.take(slot_)) return true;
    if (channel_.closed_) settle(detail::WaitStatus::closed);
    return channel_.closed_;
  }
  /// Parks the receiver, FIFO, until a sender hands it a value, close(), or a stop.
  void await_suspend(std::coroutine_handle<> handle) noexcept { park(channel_.receivers_, handle); }
  /// The value, or kClosed / operation_canceled named "channel receive".
  Result<T> await_resume() {
    if (auto failed = result("channel receive"); !failed) {
      return Result<T>(failed.error(), "channel receive");
    }
    return std::move(*slot_);
  }

 private:
  friend class Channel;
  Receive(Channel& channel, StopToken token) noexcept
      : Waiter(std::move(token)), channel_(channel) {}

  Channel& channel_;
  std::optional<T> slot_;
};

template <typename T>
Result<void> Channel<T>::try_send(T&& value) {
  if (closed_) return Result<void>(std::make_error_code(kClosed), "channel try_send");
  if (offer(value)) return {};
  return Result<void>(std::make_error_code(std::errc::resource_unavailable_try_again),
                      "channel try_send");
}

template <typename T>
Result<T> Channel<T>::try_receive() {
  std::optional<T> value;
  if (take(value)) return std::move(*value);
  return Result<T>(
      std::make_error_code(closed_ ? kClosed : std::errc::resource_unavailable_try_again),
      "channel try_receive");
}

template <typename T>
void Channel<T>::close() noexcept {
  closed_ = true;
  receivers_.wake_all(detail::WaitStatus::closed);
  senders_.wake_all(detail::WaitStatus::closed);
}

/// Hands `value` to the oldest waiting receiver (there is one only while the
/// buffer is empty) or buffers it; false when full.
template <typename T>
bool Channel<T>::offer(T& value) {
  if (!receivers_.empty()) {
    auto& receiver = static_cast<Receive&>(*receivers_.pop_front());
    receiver.slot_.emplace(std::move(value));
    receiver.wake(detail::WaitStatus::woken);
    return true;
  }
  if (size_ == capacity_) return false;
  push(std::move(value));
  return true;
}

/// Takes the oldest value: from the buffer, whose freed slot goes to the
/// oldest waiting sender, or (capacity 0) from that sender directly.
template <typename T>
bool Channel<T>::take(std::optional<T>& out) {
  Send* sender = senders_.empty() ? nullptr : &static_cast<Send&>(*senders_.pop_front());
  if (size_ == 0 && sender == nullptr) return false;
  if (size_ > 0) {
    out.emplace(pop());
    if (sender != nullptr) push(std::move(sender->value_));
  } else {
    out.emplace(std::move(sender->value_));
  }
  if (sender != nullptr) sender->wake(detail::WaitStatus::woken);
  return true;
}

template <typename T>
void Channel<T>::push(T&& value) {
  slots_[(head_ + size_) % capacity_].emplace(std::move(value));
  ++size_;
}

template <typename T>
T Channel<T>::pop() {
  std::optional<T>& slot = slots_[head_];
  T value = std::move(*slot);
  slot.reset();
  head_ = (head_ + 1) % capacity_;
  --size_;
  return value;
}

}  // namespace cio::sync
