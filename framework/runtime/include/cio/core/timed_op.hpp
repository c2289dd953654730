/// @file
/// with_timeout: co_await one driver op with a deadline. The op and a Timeout
/// go to the driver linked (io_uring: a linked timeout; epoll: a timer that
/// cancels the op), so whichever ends first ends the other. The coroutine
/// resumes after both final entries, so nothing is left in flight, with the
/// op's result or std::errc::timed_out.
///
///   auto n = co_await cio::with_timeout<cio::Recv>(100ms, fd, buf, len);
#pragma once

#include <chrono>
#include <coroutine>
#include <cstdint>
#include <utility>

#include <cio/core/completion.hpp>
#include <cio/core/runtime.hpp>
#include <cio/driver/ops.hpp>
#include <cio/driver/result.hpp>

namespace cio {

namespace detail {
// Counts the two final entries of a linked pair and resumes the waiter after
// the second.
struct LinkedCompletion : Completion {
  LinkedCompletion(int& remaining_ref, std::coroutine_handle<>& waiter_ref) noexcept
      : Completion{&handle}, remaining(remaining_ref), waiter(waiter_ref) {}
  int& remaining;
  std::coroutine_handle<>& waiter;
  int32_t result = 0;

 private:
  static void handle(Completion& self, const Entry& entry) noexcept;
};
}  // namespace detail

/// One driver op of type Op with a linked timeout; see with_timeout(). Await
/// it once, where it was made (the driver points into it). No StopToken:
/// the limit is the only way to end it early.
template <typename Op>
class [[nodiscard]] TimedOp {
 public:
  /// Builds the op from `args` (Op's constructor arguments); `limit` is
  /// measured on CLOCK_BOOTTIME (a negative one counts as 0).
  template <typename... Args>
  explicit TimedOp(std::chrono::nanoseconds limit, Args&&... args)
      : op_(std::forward<Args>(args)...), timeout_(limit) {}
  TimedOp(const TimedOp&) = delete;             ///< The driver points into it.
  TimedOp& operator=(const TimedOp&) = delete;  ///< The driver points into it.

  /// Always suspends: the pair is started in await_suspend().
  bool await_ready() const noexcept { return false; }
  /// Starts the op and its timeout on Runtime::current(); resumes `waiter`
  /// after both final entries.
  void await_suspend(std::coroutine_handle<> waiter) noexcept {
    waiter_ = waiter;
    Runtime::current().start_linked(op_, op_done_, timeout_, timeout_done_);
  }
  /// The op's result (byte count or value), timed_out if the limit ended
  /// it, or the op's errno. Errors are named after the op ("recv",
  /// "connect", ...).
  Result<uint32_t> await_resume() const noexcept {
    const bool expired = op_done_.result == -ECANCELED && timeout_done_.result == 0;
    if (expired)
      return Result<uint32_t>(std::make_error_code(std::errc::timed_out), op_name(op_.code()));
    return from_kernel<uint32_t>(op_done_.result, op_name(op_.code()));
  }

  /// The op after completion (peer address of an Accept, ...).
  const Op& op() const noexcept { return op_; }

 private:
  Op op_;
  Timeout timeout_;
  int remaining_ = 2;
  std::coroutine_handle<> waiter_;
  detail::LinkedCompletion op_done_{remaining_, waiter_};
  detail::LinkedCompletion timeout_done_{remaining_, waiter_};
};

/// Builds a TimedOp<Op> from the op's constructor arguments.
template <typename Op, typename... Args>
TimedOp<Op> with_timeout(std::chrono::nanoseconds limit, Args&&... args) {
  return TimedOp<Op>(limit, std::forward<Args>(args)...);
}

}  // namespace cio
