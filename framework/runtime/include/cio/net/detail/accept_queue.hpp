// AcceptQueue: the completion record behind Listener::incoming(). One
// AcceptMultishot op (where the driver supports it) feeds accepted
// descriptors into a queue that the consumer drains with next(); elsewhere
// one Accept op is armed at a time, on demand. Once `capacity` descriptors
// wait unclaimed the multishot op is stopped, and armed again when the
// consumer wants more: connections then wait in the kernel's backlog. The
// kernel accepts a burst already in the backlog before the stop takes
// effect, so the queue may briefly hold up to capacity + the listen
// backlog; every descriptor is kept, none is dropped.
#pragma once

#include <coroutine>
#include <cstddef>
#include <deque>
#include <system_error>

#include <cio/core/completion.hpp>
#include <cio/driver/ops.hpp>
#include <cio/driver/result.hpp>

namespace cio::net::detail {

class AcceptQueue final : Completion {
 public:
  AcceptQueue(Fd listener, bool multishot, size_t capacity) noexcept;
  AcceptQueue(const AcceptQueue&) = delete;
  AcceptQueue& operator=(const AcceptQueue&) = delete;

  // True when next() can complete at once (a descriptor or an error waits).
  bool ready() const noexcept { return !fds_.empty() || error_; }
  // Parks `waiter` until ready(), arming the accept op if it is idle.
  void wait(std::coroutine_handle<> waiter) noexcept;
  // A stopped next(): schedules the parked waiter without a result and
  // returns true, or false if none is parked (it was already woken). The
  // accept op keeps running.
  bool cancel_wait() noexcept;
  // The oldest accepted descriptor (now the caller's), else the pending
  // error, named "accept".
  Result<int> pop() noexcept;
  // The owner is gone: closes what is queued and frees this object, at once
  // if no op is in flight, else after the op's final entry.
  void abandon() noexcept;

 private:
  ~AcceptQueue();
  static void handle(Completion& self, const Entry& entry) noexcept;
  void take(const Entry& entry) noexcept;
  void after_entry() noexcept;
  void arm() noexcept;
  void stop() noexcept;
  OpBase& op() noexcept;

  Accept single_;
  AcceptMultishot multishot_;
  bool use_multishot_;
  bool armed_ = false;
  bool stopping_ = false;  // we asked the op to end
  bool abandoned_ = false;
  size_t capacity_;
  std::deque<int> fds_;
  std::error_code error_;
  std::coroutine_handle<> waiter_;
};

}  // namespace cio::net::detail
