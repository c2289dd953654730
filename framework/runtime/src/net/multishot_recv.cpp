#include <cio/net/multishot_recv.hpp>

#include <cerrno>
#include <utility>

#include <cio/core/runtime.hpp>

namespace cio::net {
namespace {

constexpr const char* kName = "recv_multishot";

}  // namespace

MultishotRecv::MultishotRecv(RecvBufferPool& pool, const StreamSocket& socket,
                             uint32_t max_held) noexcept
    : Completion{&handle},
      pool_(pool),
      op_(Fd{socket.native_handle()}, pool.group()),
      max_held_(max_held == 0 ? 1 : max_held) {}

MultishotRecv::~MultishotRecv() {
  pool_.forget(*this);
  while (auto chunk = try_next()) release(*chunk);
}

std::optional<RecvChunk> MultishotRecv::try_next() noexcept {
  if (head_ == kNone) return std::nullopt;
  const uint16_t id = head_;
  head_ = pool_.next(id);
  if (head_ == kNone) tail_ = kNone;
  return RecvChunk{id, pool_.length(id)};
}

void MultishotRecv::release(RecvChunk chunk) noexcept {
  --held_;
  pool_.release(chunk.id);  // may arm this receiver if it was starved
  if (waiter_ && can_arm()) arm();
}

MultishotRecv::Stopped MultishotRecv::stop() noexcept {
  closing_ = true;
  pool_.forget(*this);
  if (armed_ && !stopping_) {
    stopping_ = true;
    Runtime::current().cancel_op(op_, *this);  // may end the op at once
  }
  return Stopped(*this);
}

void MultishotRecv::handle(Completion& self, const Entry& entry) noexcept {
  auto& recv = static_cast<MultishotRecv&>(self);
  recv.take(entry);
  recv.after_entry();
}

// Queues data; records end of stream, a dry pool or an error. Our own
// cancel is none of these.
void MultishotRecv::take(const Entry& entry) noexcept {
  const auto id = entry.buffer_id();
  if (entry.result > 0 && id) {
    enqueue(*id, static_cast<uint32_t>(entry.result));
  } else if (entry.result == 0) {
    eof_ = true;
    if (id) pool_.discard(*id);  // the kernel may spend a buffer on end of stream
  } else if (entry.result == -ENOBUFS) {
    // Only when receivers hold every buffer must we wait for a release;
    // otherwise buffers came back after the kernel looked: retry at once.
    if (!closing_ && pool_.lent() == pool_.count()) pool_.wait_for_buffer(*this);
  } else if (!(entry.result == -ECANCELED && stopping_)) {
    error_ = errno_code(entry.result < 0 ? -entry.result : EIO);
  }
  if (!entry.more()) armed_ = stopping_ = false;
}

void MultishotRecv::enqueue(uint16_t id, uint32_t length) noexcept {
  pool_.lend(id, length);
  arrived_in_poll_ = Runtime::current().stats().polls;
  if (tail_ != kNone) {
    pool_.link(tail_, id);
  } else {
    head_ = id;
  }
  tail_ = id;
  ++held_;
}

bool MultishotRecv::chunk_came_this_poll() const noexcept {
  return head_ != kNone && arrived_in_poll_ == Runtime::current().stats().polls;
}

void MultishotRecv::take_turn(std::coroutine_handle<> consumer) noexcept {
  Runtime::current().schedule(consumer);
}

void MultishotRecv::after_entry() noexcept {
  Runtime& runtime = Runtime::current();
  if (closing_) {
    if (!armed_ && closer_) runtime.schedule(std::exchange(closer_, {}));
    return;
  }
  if (armed_ && !stopping_ && held_ >= max_held_) {
    stopping_ = true;               // backpressure: leave the rest in the kernel
    runtime.cancel_op(op_, *this);  // may end the op (and wake the waiter) at once
  }
  if (waiter_ && ready()) {
    runtime.schedule(std::exchange(waiter_, {}));
  } else if (waiter_ && can_arm()) {
    arm();
  }
}

bool MultishotRecv::can_arm() const noexcept {
  return !armed_ && !closing_ && !starved_ && !eof_ && !error_ && held_ < max_held_;
}

void MultishotRecv::arm() noexcept {
  armed_ = true;
  Runtime::current().start_op(op_, *this);
}

void MultishotRecv::wait(std::coroutine_handle<> waiter) noexcept {
  waiter_ = waiter;
  if (can_arm()) arm();
}

bool MultishotRecv::cancel_wait() noexcept {
  if (!waiter_) return false;
  Runtime::current().schedule(std::exchange(waiter_, {}));
  return true;
}

Result<RecvChunk> MultishotRecv::pop() noexcept {
  if (auto chunk = try_next()) return *chunk;
  if (error_) return Result<RecvChunk>(error_, kName);
  return RecvChunk{};  // end of stream
}

bool MultishotRecv::buffer_available() noexcept {
  starved_ = false;
  if (!waiter_ || !can_arm()) return false;
  arm();
  return true;
}

}  // namespace cio::net
