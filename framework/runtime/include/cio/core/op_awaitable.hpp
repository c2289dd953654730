/// @file
/// OpAwaitable<Op>: co_await one driver op. The op and its completion record
/// live inside the awaitable, and so inside the awaiting coroutine's frame:
/// no allocation per op. The result is the kernel's, typed once here:
/// Result<uint32_t> (bytes or value) or the errno as a std::error_code.
///
///   auto n = co_await cio::OpAwaitable<cio::Recv>(fd, buf, len);
///   auto m = co_await cio::OpAwaitable<cio::Recv>(stop_token, fd, buf, len);
///
/// With a StopToken, stopping it cancels the op; the coroutine resumes with
/// operation_canceled only after the op's final entry (never earlier, so the
/// kernel is done with the buffers).
#pragma once

#include <coroutine>
#include <cstdint>
#include <optional>
#include <type_traits>
#include <utility>

#include <cio/core/completion.hpp>
#include <cio/core/runtime.hpp>
#include <cio/core/stop.hpp>
#include <cio/driver/ops.hpp>
#include <cio/driver/result.hpp>

namespace cio {

/// Awaits one driver op of type Op on the calling thread's Runtime. Await
/// it once, where it was made (it cannot be copied; the driver points into
/// it while the op runs).
template <typename Op>
class [[nodiscard]] OpAwaitable {
 public:
  /// Builds the op from `args` (Op's own constructor arguments); not cancellable.
  template <typename... Args>
  requires std::is_constructible_v<Op, Args&&...>
  explicit OpAwaitable(Args&&... args) : op_(std::forward<Args>(args)...) {}
  /// The same, cancellable through `token`: a stop cancels the op in the
  /// driver, and a token already stopped fails it without submitting.
  template <typename... Args>
  requires std::is_constructible_v<Op, Args&&...>
  explicit OpAwaitable(StopToken token, Args&&... args)
      : op_(std::forward<Args>(args)...), token_(std::move(token)) {}
  OpAwaitable(const OpAwaitable&) = delete;             ///< The driver points into it.
  OpAwaitable& operator=(const OpAwaitable&) = delete;  ///< The driver points into it.

  /// Always suspends: the op is started in await_suspend().
  bool await_ready() const noexcept { return false; }
  /// Starts the op on Runtime::current() (aborts without one) and registers
  /// the cancellation; resumes `waiter` after the op's final entry.
  void await_suspend(std::coroutine_handle<> waiter) noexcept {
    completion_.waiter = waiter;
    Runtime& runtime = Runtime::current();
    if (token_.stop_requested()) {
      completion_.on_entry(completion_, Entry{0, -ECANCELED, 0});
      return;
    }
    runtime.start_op(op_, completion_);
    if (token_.stop_possible()) stop_.emplace(token_, Canceller{this});
  }
  /// The kernel's result: the byte count or value, or the errno (no
  /// operation name; the socket and file wrappers add one).
  Result<uint32_t> await_resume() noexcept {
    stop_.reset();
    return from_kernel<uint32_t>(completion_.result);
  }

  /// The op after completion (peer address of an Accept, RecvMsg, ...).
  const Op& op() const noexcept { return op_; }
  /// The op, mutable: a field may be adjusted before the op is awaited.
  Op& op() noexcept { return op_; }

 private:
  struct Canceller {
    OpAwaitable* self;
    void operator()() const noexcept {
      if (!self->completion_.finished) Runtime::current().cancel_op(self->op_, self->completion_);
    }
  };

  Op op_;
  OpCompletion completion_;
  StopToken token_;
  std::optional<StopCallback<Canceller>> stop_;
};

}  // namespace cio
