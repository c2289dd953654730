/// @file
/// Task<T>: a lazy coroutine. It starts when awaited (or spawned), resumes its
/// awaiter by symmetric transfer when it finishes, so long co_await chains
/// never grow the stack, and carries an exception to the awaiter.
///
///   cio::Task<int> answer() { co_return 42; }
///   cio::Task<void> caller() { int v = co_await answer(); ... }
#pragma once

#include <coroutine>
#include <exception>
#include <optional>
#include <utility>

#include <type_traits>

#include <cio/detail/frame_pool.hpp>

namespace cio {
template <typename T>
class Task;
}  // namespace cio

namespace cio::detail {

class PromiseBase;

// Who a detached (spawned) task reports to when it finishes: the runtime,
// which destroys the frame and logs an escaped exception.
class TaskOwner {
 public:
  virtual void task_finished(PromiseBase& promise) noexcept = 0;

 protected:
  ~TaskOwner() = default;
};

class PromiseBase {
 public:
  // Frames come from this thread's frame pool (cio/detail/frame_pool.hpp).
  static void* operator new(size_t size) { return allocate_frame(size); }
  static void operator delete(void* frame, size_t size) noexcept { deallocate_frame(frame, size); }

  std::suspend_always initial_suspend() const noexcept { return {}; }

  struct FinalAwaiter {
    bool await_ready() const noexcept { return false; }
    template <typename Promise>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> self) noexcept {
      PromiseBase& promise = self.promise();
      if (promise.owner_ == nullptr) return promise.continuation_;
      promise.owner_->task_finished(promise);  // destroys the frame
      return std::noop_coroutine();
    }
    void await_resume() const noexcept {}
  };
  FinalAwaiter final_suspend() const noexcept { return {}; }

  void unhandled_exception() noexcept { exception_ = std::current_exception(); }
  void set_continuation(std::coroutine_handle<> awaiting) noexcept { continuation_ = awaiting; }

  // Detaching hands the frame to `owner` (see spawn()).
  void detach(TaskOwner& owner, std::coroutine_handle<> self) noexcept {
    owner_ = &owner;
    self_ = self;
  }
  std::coroutine_handle<> frame() const noexcept { return self_; }
  const std::exception_ptr& exception() const noexcept { return exception_; }

  // The owner's intrusive list of live detached tasks.
  PromiseBase* prev_detached = nullptr;
  PromiseBase* next_detached = nullptr;

 protected:
  void rethrow_if_failed() const {
    if (exception_) std::rethrow_exception(exception_);
  }

 private:
  std::coroutine_handle<> continuation_ = std::noop_coroutine();
  std::coroutine_handle<> self_;
  std::exception_ptr exception_;
  TaskOwner* owner_ = nullptr;
};

template <typename T>
class TaskPromise final : public PromiseBase {
 public:
  Task<T> get_return_object() noexcept {
    return Task<T>(std::coroutine_handle<TaskPromise>::from_promise(*this));
  }
  template <typename U>
  requires std::is_convertible_v<U&&, T>
  void return_value(U&& value) noexcept(std::is_nothrow_constructible_v<T, U&&>) {
    value_.emplace(std::forward<U>(value));
  }
  T take_result() {
    rethrow_if_failed();
    return std::move(*value_);
  }

 private:
  std::optional<T> value_;
};

template <>
class TaskPromise<void> final : public PromiseBase {
 public:
  Task<void> get_return_object() noexcept;  // defined after Task
  void return_void() const noexcept {}
  void take_result() const { rethrow_if_failed(); }
};

}  // namespace cio::detail

namespace cio {

/// A lazy coroutine returning T (or nothing). The frame is created suspended
/// and runs only once awaited, or handed to Runtime::spawn() / block_on().
/// Owns its frame: destroying a Task that still holds one destroys the
/// coroutine, wherever it is suspended. Frames come from a per-thread pool,
/// so a shard that starts tasks all day rarely calls malloc.
template <typename T = void>
class [[nodiscard]] Task {
 public:
  /// The promise the compiler uses for coroutines declared to return Task<T>.
  using promise_type = detail::TaskPromise<T>;
  /// The coroutine handle this Task owns.
  using Handle = std::coroutine_handle<promise_type>;

  /// An empty Task (no frame). Spawning it does nothing; do not await it.
  Task() noexcept = default;
  /// Takes ownership of `handle`'s frame (used by the promise).
  explicit Task(Handle handle) noexcept : handle_(handle) {}
  /// Takes the frame from `other`, which is left empty.
  Task(Task&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  /// Destroys the frame this Task held, if any, then takes `other`'s.
  Task& operator=(Task&& other) noexcept {
    if (this != &other) {
      reset();
      handle_ = std::exchange(other.handle_, {});
    }
    return *this;
  }
  Task(const Task&) = delete;             ///< Move-only: one owner per frame.
  Task& operator=(const Task&) = delete;  ///< Move-only: one owner per frame.
  /// Destroys the frame, if this Task still holds one.
  ~Task() { reset(); }

  /// True while this Task holds a frame (not default-made, moved from or released).
  bool valid() const noexcept { return static_cast<bool>(handle_); }
  /// True once the coroutine has run to its end; false for an empty Task.
  bool done() const noexcept { return handle_ && handle_.done(); }

  /// Awaiting (`co_await std::move(task)`) starts the task; the awaiter
  /// resumes with its value, or its exception is rethrown there. The Task
  /// keeps the frame and frees it when destroyed.
  auto operator co_await() && noexcept {
    struct Awaiter {
      Handle handle;
      bool await_ready() const noexcept { return !handle || handle.done(); }
      std::coroutine_handle<> await_suspend(std::coroutine_handle<> awaiting) noexcept {
        handle.promise().set_continuation(awaiting);
        return handle;
      }
      T await_resume() { return handle.promise().take_result(); }
    };
    return Awaiter{handle_};
  }

  /// The frame, still owned by this Task (to schedule it without awaiting).
  Handle handle() const noexcept { return handle_; }
  /// Hands the frame over (to spawn); the Task is empty after.
  Handle release() noexcept { return std::exchange(handle_, {}); }

 private:
  void reset() noexcept {
    if (handle_) std::exchange(handle_, {}).destroy();
  }

  Handle handle_;
};

}  // namespace cio

namespace cio::detail {
inline Task<void> TaskPromise<void>::get_return_object() noexcept {
  return Task<void>(std::coroutine_handle<TaskPromise>::from_promise(*this));
}
}  // namespace cio::detail
