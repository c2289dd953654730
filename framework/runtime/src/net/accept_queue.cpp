#include <cio/net/detail/accept_queue.hpp>

#include <unistd.h>

#include <cerrno>
#include <utility>

#include <cio/core/runtime.hpp>

namespace cio::net::detail {

AcceptQueue::AcceptQueue(Fd listener, bool multishot, size_t capacity) noexcept
    : Completion{&handle},
      single_(listener),
      multishot_(listener),
      use_multishot_(multishot),
      capacity_(capacity == 0 ? 1 : capacity) {}

AcceptQueue::~AcceptQueue() {
  for (int fd : fds_) ::close(fd);
}

void AcceptQueue::wait(std::coroutine_handle<> waiter) noexcept {
  waiter_ = waiter;
  if (!armed_) arm();  // a stopping op re-arms from its final entry instead
}

bool AcceptQueue::cancel_wait() noexcept {
  if (!waiter_) return false;
  Runtime::current().schedule(std::exchange(waiter_, {}));
  return true;
}

Result<int> AcceptQueue::pop() noexcept {
  if (!fds_.empty()) {
    const int fd = fds_.front();
    fds_.pop_front();
    return fd;
  }
  return Result<int>(std::exchange(error_, {}), "accept");
}

void AcceptQueue::abandon() noexcept {
  abandoned_ = true;
  for (int fd : fds_) ::close(fd);
  fds_.clear();
  if (!armed_) {
    delete this;
  } else if (!stopping_) {
    stopping_ = true;
    Runtime::current().cancel_op(op(), *this);  // may free this object: nothing after it
  }
}

void AcceptQueue::handle(Completion& self, const Entry& entry) noexcept {
  auto& queue = static_cast<AcceptQueue&>(self);
  queue.take(entry);
  if (!queue.abandoned_) return queue.after_entry();
  if (!queue.armed_) delete &queue;
}

// Keeps an accepted descriptor or a real error; our own stop is neither.
void AcceptQueue::take(const Entry& entry) noexcept {
  if (entry.result >= 0) {
    if (abandoned_) {
      ::close(entry.result);
    } else {
      fds_.push_back(entry.result);
    }
  } else if (!(entry.result == -ECANCELED && stopping_)) {
    error_ = errno_code(-entry.result);
  }
  if (!entry.more()) armed_ = stopping_ = false;
}

void AcceptQueue::after_entry() noexcept {
  if (waiter_ && ready()) {
    Runtime::current().schedule(std::exchange(waiter_, {}));
  } else if (waiter_ && !armed_) {
    arm();  // our stop ended while the consumer was already waiting for more
  }
  if (armed_ && !stopping_ && fds_.size() >= capacity_) stop();
}

void AcceptQueue::arm() noexcept {
  armed_ = true;
  Runtime::current().start_op(op(), *this);
}

void AcceptQueue::stop() noexcept {
  stopping_ = true;
  Runtime::current().cancel_op(op(), *this);
}

OpBase& AcceptQueue::op() noexcept {
  if (use_multishot_) return multishot_;
  return single_;
}

}  // namespace cio::net::detail
