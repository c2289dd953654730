/// @file
/// Runtime: one shard's executor and reactor loop around one Driver. It runs
/// ready coroutines in bounded batches, pushes ops that did not fit in the SQ,
/// submits (without waiting while work is ready, else blocking until a
/// completion, a timer or a wake) and resumes the coroutines whose ops ended.
///
///   int main() { return cio::Runtime().block_on(serve()); }
///
/// One Runtime per thread; it is reachable as Runtime::current() there.
#pragma once

#include <cstdint>
#include <exception>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include <cio/core/completion.hpp>
#include <cio/core/loop_hooks.hpp>
#include <cio/core/ready_queue.hpp>
#include <cio/core/runtime_config.hpp>
#include <cio/core/task.hpp>
#include <cio/driver/driver.hpp>

namespace cio {

/// Counters of one Runtime since it was built (Runtime::stats()). Plain
/// integers: read them on the runtime's own thread.
struct RuntimeStats {
  uint64_t loop_turns = 0;     ///< passes of the reactor loop (run tasks, then poll)
  uint64_t sleeps = 0;         ///< submits that were allowed to block
  uint64_t ops_submitted = 0;  ///< ops started (a linked op and its timeout count as two)
  uint64_t ops_completed = 0;  ///< final entries
  uint64_t tasks_run = 0;      ///< coroutine resumptions
  uint64_t polls = 0;          ///< driver polls whose entries were dispatched
};

/// One shard's executor: runs its coroutines and drives its IO on the
/// thread that built it. Not thread-safe; every member must be called on
/// that thread (other threads reach a shard through the layer above).
class Runtime final : detail::TaskOwner {
 public:
  /// Builds the driver. Throws std::system_error if it cannot start, or
  /// std::logic_error if this thread already has a Runtime.
  explicit Runtime(const RuntimeConfig& config = {});
  /// Cancels every op in flight, lets the tasks see operation_canceled and
  /// drains the driver (for at most 5 seconds); then frees the frames of
  /// spawned tasks still suspended, without resuming them.
  ~Runtime();
  Runtime(const Runtime&) = delete;             ///< One per thread, never copied.
  Runtime& operator=(const Runtime&) = delete;  ///< One per thread, never copied.

  /// The runtime of the calling thread; aborts with a message if none.
  static Runtime& current() noexcept;
  /// The runtime of the calling thread, or nullptr if none.
  static Runtime* try_current() noexcept;

  /// The IO driver this runtime owns (to attach descriptors, register
  /// buffers or check Driver::supports()).
  Driver& driver() noexcept { return driver_; }
  /// Counters since construction.
  const RuntimeStats& stats() const noexcept { return stats_; }
  /// Spawned tasks not finished yet.
  size_t live_tasks() const noexcept { return live_tasks_; }

  /// Runs the loop on this thread until `task` finishes; returns its value or
  /// rethrows its exception.
  template <typename T>
  T block_on(Task<T> task);

  /// Queues `task` to start on this shard, detached: the runtime owns its
  /// frame and frees it when the task ends. An exception escaping it is
  /// logged. An empty Task is ignored.
  void spawn(Task<void> task);

  /// Joins `hooks` (or nullptr) to every loop turn; see LoopHooks. The hooks
  /// must outlive their use by this runtime.
  void set_hooks(LoopHooks* hooks) noexcept { hooks_ = hooks; }

  /// For awaitables: queues `handle` to be resumed by the loop, after the
  /// coroutines already queued (FIFO). Never resumes it inline.
  void schedule(std::coroutine_handle<> handle) { ready_.push(handle); }
  /// Queues it to run after the driver's next poll (see yield.hpp). During
  /// shutdown it is not resumed: its frame is freed with the others.
  void schedule_after_poll(std::coroutine_handle<> handle) { after_poll_.push(handle); }
  /// For awaitables: starts `op`; every entry of it goes to
  /// `completion.on_entry`. Ops that do not fit in the submission queue wait
  /// in a backlog, oldest first. During shutdown the op is not started:
  /// `completion` gets -ECANCELED at once. Both must stay put until the final
  /// entry.
  void start_op(OpBase& op, Completion& completion) noexcept;
  /// For awaitables: asks for `op` to end early. One still in the backlog
  /// ends at once with -ECANCELED; one in the driver still ends with its own
  /// final entry (-ECANCELED, or its result if it finished first).
  void cancel_op(OpBase& op, Completion& completion) noexcept;
  /// Starts `op` with `timeout` linked to it (see Driver::try_push_linked).
  void start_linked(OpBase& op, Completion& op_done, Timeout& timeout,
                    Completion& timeout_done) noexcept;

 private:
  void run_until(const bool& done);
  void run_ready();
  void poll_io(bool may_block);
  void push_backlog() noexcept;
  void cancel_backlog() noexcept;
  void busy_poll();
  void dispatch(const Entry& entry) noexcept;
  void task_finished(detail::PromiseBase& promise) noexcept override;
  void shutdown() noexcept;

  RuntimeConfig config_;
  Driver driver_;
  LoopHooks* hooks_ = nullptr;
  ReadyQueue ready_;
  ReadyQueue after_poll_{64};  // yielded: ready again once the driver was polled
  OpQueue external_;           // ops waiting for SQ space
  OpQueue
      linked_external_;  // linked ops waiting for two slots; op.bookkeeping().link is the timeout
  std::vector<Entry> entries_;
  detail::PromiseBase* detached_ = nullptr;
  size_t live_tasks_ = 0;
  bool stopping_ = false;
  RuntimeStats stats_;
};

template <typename T>
T Runtime::block_on(Task<T> task) {
  bool done = false;
  std::exception_ptr error;
  std::optional<std::conditional_t<std::is_void_v<T>, bool, T>> value;
  auto root = [&]() -> Task<void> {
    try {
      if constexpr (std::is_void_v<T>) {
        co_await std::move(task);
      } else {
        value.emplace(co_await std::move(task));
      }
    } catch (...) {
      error = std::current_exception();
    }
    done = true;
  };
  Task<void> running = root();
  schedule(running.handle());
  run_until(done);
  if (error) std::rethrow_exception(error);
  if constexpr (!std::is_void_v<T>) return std::move(*value);
}

/// Runs `task` on a fresh Runtime on the calling thread.
template <typename T>
T block_on(Task<T> task, const RuntimeConfig& config = {}) {
  Runtime runtime(config);
  return runtime.block_on(std::move(task));
}

/// Spawns on the calling thread's runtime.
inline void spawn(Task<void> task) { Runtime::current().spawn(std::move(task)); }

}  // namespace cio
