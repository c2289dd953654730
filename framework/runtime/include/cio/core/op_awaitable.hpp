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

template <typename Op>
class [[nodiscard]] OpAwaitable {
 public:
  template <typename... Args>
  requires std::is_constructible_v<Op, Args&&...>
  explicit OpAwaitable(Args&&... args) : op_(std::forward<Args>(args)...) {}
  /// Cancellable through `token`.
  template <typename... Args>
  requires std::is_constructible_v<Op, Args&&...>
  explicit OpAwaitable(StopToken token, Args&&... args)
      : op_(std::forward<Args>(args)...), token_(std::move(token)) {}
  OpAwaitable(const OpAwaitable&) = delete;
  OpAwaitable& operator=(const OpAwaitable&) = delete;

  bool await_ready() const noexcept { return false; }
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
  Result<uint32_t> await_resume() noexcept {
    stop_.reset();
    return from_kernel<uint32_t>(completion_.result);
  }

  /// The op after completion (peer address of an Accept, RecvMsg, ...).
  const Op& op() const noexcept { return op_; }
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
