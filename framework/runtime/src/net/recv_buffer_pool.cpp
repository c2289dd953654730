#include <cio/net/recv_buffer_pool.hpp>

#include <stdexcept>
#include <utility>

#include <cio/core/runtime.hpp>
#include <cio/net/multishot_recv.hpp>

namespace cio::net {
namespace {

constexpr const char* kRegister = "register buffer ring";

}  // namespace

RecvBufferPool::RecvBufferPool(uint16_t group, uint32_t count, uint32_t size)
    : ring_(group, count, size), slots_(std::make_unique<Slot[]>(count)) {}

Result<std::unique_ptr<RecvBufferPool>> RecvBufferPool::create(uint16_t group, uint32_t count,
                                                               uint32_t size) {
  using Out = Result<std::unique_ptr<RecvBufferPool>>;
  Driver& driver = Runtime::current().driver();
  if (!driver.supports(Capability::multishot_recv)) {
    return Out(std::make_error_code(std::errc::operation_not_supported), kRegister);
  }
  std::unique_ptr<RecvBufferPool> pool;
  try {
    pool.reset(new RecvBufferPool(group, count, size));
  } catch (const std::invalid_argument&) {
    return Out(std::make_error_code(std::errc::invalid_argument), kRegister);
  } catch (const std::system_error& error) {
    return Out(error.code(), kRegister);
  }
  auto registered = driver.register_buffer_ring(pool->ring_);
  if (!registered) return Out(registered.error(), kRegister);
  return Out(std::move(pool));
}

RecvBufferPool::~RecvBufferPool() {
  auto unregistered = Runtime::current().driver().unregister_buffer_ring(ring_);
  (void)unregistered;  // the ring's memory goes either way; nothing to do about it
}

void RecvBufferPool::lend(uint16_t id, uint32_t length) noexcept {
  slots_[id] = Slot{length, MultishotRecv::kNone};
  ++lent_;
}

void RecvBufferPool::release(uint16_t id) noexcept {
  --lent_;
  ring_.recycle(id);
  // One buffer is enough for a receiver to make progress; wake receivers
  // until one of them is actually waiting to use it.
  while (starved_head_ != nullptr) {
    MultishotRecv* receiver = std::exchange(starved_head_, starved_head_->starved_next_);
    if (starved_head_ == nullptr) starved_tail_ = nullptr;
    receiver->starved_next_ = nullptr;
    if (receiver->buffer_available()) break;
  }
}

void RecvBufferPool::wait_for_buffer(MultishotRecv& receiver) noexcept {
  receiver.starved_ = true;
  if (starved_tail_ != nullptr) {
    starved_tail_->starved_next_ = &receiver;
  } else {
    starved_head_ = &receiver;
  }
  starved_tail_ = &receiver;
}

void RecvBufferPool::forget(MultishotRecv& receiver) noexcept {
  if (!receiver.starved_) return;
  receiver.starved_ = false;
  MultishotRecv* previous = nullptr;
  for (MultishotRecv* at = starved_head_; at != nullptr; previous = at, at = at->starved_next_) {
    if (at != &receiver) continue;
    (previous != nullptr ? previous->starved_next_ : starved_head_) = at->starved_next_;
    if (starved_tail_ == at) starved_tail_ = previous;
    at->starved_next_ = nullptr;
    return;
  }
}

}  // namespace cio::net
