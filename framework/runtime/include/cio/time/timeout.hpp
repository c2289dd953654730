/// @file
/// timeout(): races a whole task against a timer. The task gets a StopToken;
/// when the timer fires first the token is stopped, the task is left to wind
/// down, and timed_out is returned only after it has finished, so the task
/// never outlives the call. (For a single op, cio::with_timeout() from
/// <cio/core/timed_op.hpp> links a timeout to the op in the kernel instead.)
///
///   auto got = co_await cio::time::timeout(100ms, [&](cio::StopToken stop) {
///     return read_request(conn, stop);  // returns Task<Result<Request>>
///   });
#pragma once

#include <coroutine>
#include <exception>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

#include <cio/core/completion.hpp>
#include <cio/core/stop.hpp>
#include <cio/core/task.hpp>
#include <cio/detail/awaited_arguments.hpp>
#include <cio/driver/ops.hpp>
#include <cio/driver/result.hpp>
#include <cio/time/clock.hpp>

namespace cio::time {
namespace detail {

// The timer half of timeout(): a Timeout op whose expiry stops `target`. It
// lives in timeout()'s frame, and finish() must be awaited before that frame
// ends (a frame never dies with an op in flight).
class Deadline final : Completion {
 public:
  struct Finish {
    Deadline& deadline;
    bool await_ready() const noexcept { return deadline.done_; }
    void await_suspend(std::coroutine_handle<> waiter) noexcept { deadline.waiter_ = waiter; }
    void await_resume() const noexcept {}
  };

  Deadline(Clock::duration limit, StopSource& target) noexcept;
  Deadline(const Deadline&) = delete;
  Deadline& operator=(const Deadline&) = delete;

  void start() noexcept;
  // Cancels the timer if it still runs; the awaitable returned waits for its
  // final entry. A timer that fires after this call does not count.
  Finish finish() noexcept;
  // True if the timer fired before finish() was called.
  bool expired() const noexcept { return expired_; }

 private:
  static void on_entry(Completion& self, const Entry& entry) noexcept;

  Timeout timer_;
  StopSource& target_;
  std::coroutine_handle<> waiter_;
  bool done_ = false;
  bool disarmed_ = false;
  bool expired_ = false;
};

template <typename T>
struct TaskValue;
template <typename T>
struct TaskValue<Task<T>> {
  using type = T;
};

// Result<T> for a task of T; a task that already returns Result<T> keeps it.
template <typename T>
struct Flatten {
  using type = Result<T>;
};
template <typename T>
struct Flatten<Result<T>> {
  using type = Result<T>;
};

template <typename Fn>
using TaskValueOf = typename TaskValue<std::invoke_result_t<Fn&, StopToken>>::type;
template <typename Fn>
using TimeoutResult = typename Flatten<TaskValueOf<Fn>>::type;

// Callable with a StopToken, returning a Task.
template <typename Fn>
concept StoppableTaskFactory = std::is_invocable_v<Fn&, StopToken> && requires {
  typename TaskValueOf<Fn>;
};

template <typename Fn>
Task<TimeoutResult<Fn>> run_with_timeout(Clock::duration limit, Fn fn) {
  using Value = detail::TaskValueOf<Fn>;
  using Stored = std::conditional_t<std::is_void_v<Value>, std::monostate, Value>;
  StopSource stop;
  Deadline deadline(limit, stop);
  deadline.start();
  std::optional<Stored> value;
  std::exception_ptr error;
  try {
    if constexpr (std::is_void_v<Value>) {
      co_await fn(stop.token());
    } else {
      value.emplace(co_await fn(stop.token()));
    }
  } catch (...) {
    error = std::current_exception();
  }
  co_await deadline.finish();
  if (error) std::rethrow_exception(error);
  if (deadline.expired()) {
    co_return TimeoutResult<Fn>(std::make_error_code(std::errc::timed_out), "timeout");
  }
  if constexpr (std::is_void_v<Value>) {
    co_return Result<void>();
  } else {
    co_return std::move(*value);
  }
}

}  // namespace detail

/// Runs `fn(token)` (which returns a Task) against a timer of `limit`.
/// Returns the task's result (a task of T gives Result<T>; a task of
/// Result<T> is passed through), or std::errc::timed_out ("timeout") when the
/// timer fired first: then the token was stopped and the task has already
/// finished. `fn` must honour its token, or the call waits for the task
/// anyway. An exception from the task is rethrown. `fn` is kept in this
/// call's frame, so a lambda's captures outlive the task (taken as
/// submit_to takes a callable, see cio/detail/awaited_arguments.hpp).
template <typename Fn>
requires detail::StoppableTaskFactory<std::decay_t<Fn>>
[[nodiscard]] Task<detail::TimeoutResult<std::decay_t<Fn>>> timeout(Clock::duration limit,
                                                                    Fn&& fn) {
  cio::detail::check_awaited_callable<Fn>();
  return detail::run_with_timeout(limit, std::decay_t<Fn>(std::forward<Fn>(fn)));
}

}  // namespace cio::time
