#include <cio/core/runtime.hpp>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include <cio/driver/ops.hpp>

#include <cio/detail/runtime_log.hpp>

namespace cio {
namespace {

thread_local Runtime* current_runtime = nullptr;

// Zero batches would never run a task or reap an entry: treat them as one.
RuntimeConfig clamped(RuntimeConfig config) {
  if (config.task_batch == 0) config.task_batch = 1;
  if (config.completion_batch == 0) config.completion_batch = 1;
  return config;
}
}  // namespace

Runtime::Runtime(const RuntimeConfig& config)
    : config_(clamped(config)), driver_(config.driver), entries_(config_.completion_batch) {
  if (current_runtime != nullptr) {
    throw std::logic_error("cio::Runtime: this thread already has a runtime");
  }
  current_runtime = this;
}

Runtime::~Runtime() {
  shutdown();
  current_runtime = nullptr;
}

Runtime& Runtime::current() noexcept {
  if (current_runtime == nullptr) {
    std::fprintf(stderr, "cio: no Runtime on this thread (create one or use block_on)\n");
    std::abort();
  }
  return *current_runtime;
}

Runtime* Runtime::try_current() noexcept { return current_runtime; }

void Runtime::spawn(Task<void> task) {
  auto handle = task.release();
  if (!handle) return;
  detail::PromiseBase& promise = handle.promise();
  promise.detach(*this, handle);
  promise.next_detached = detached_;
  if (detached_ != nullptr) detached_->prev_detached = &promise;
  detached_ = &promise;
  ++live_tasks_;
  schedule(handle);
}

void Runtime::task_finished(detail::PromiseBase& promise) noexcept {
  if (promise.prev_detached != nullptr) {
    promise.prev_detached->next_detached = promise.next_detached;
  } else {
    detached_ = promise.next_detached;
  }
  if (promise.next_detached != nullptr) {
    promise.next_detached->prev_detached = promise.prev_detached;
  }
  --live_tasks_;
  if (promise.exception()) {
    try {
      std::rethrow_exception(promise.exception());
    } catch (const std::exception& error) {
      detail::runtime_logger()->error("spawned task failed: {}", error.what());
    } catch (...) {
      detail::runtime_logger()->error("spawned task failed with a non-standard exception");
    }
  }
  promise.frame().destroy();
}

void Runtime::start_op(OpBase& op, Completion& completion) noexcept {
  const auto user_data = reinterpret_cast<uint64_t>(&completion);
  if (stopping_) {
    completion.on_entry(completion, Entry{user_data, -ECANCELED, 0});
    return;
  }
  ++stats_.ops_submitted;
  // Behind any backlog: a newer op must not take the SQ slot of an older one.
  if (!external_.empty() || !driver_.try_push(op, user_data)) external_.push(op, user_data);
}

void Runtime::cancel_op(OpBase& op, Completion& completion) noexcept {
  if (op.state() == OpState::queued) {
    external_.remove(op);
    completion.on_entry(completion, Entry{reinterpret_cast<uint64_t>(&completion), -ECANCELED, 0});
    return;
  }
  driver_.try_cancel(op);
}

void Runtime::start_linked(OpBase& op, Completion& op_done, Timeout& timeout,
                           Completion& timeout_done) noexcept {
  const auto op_data = reinterpret_cast<uint64_t>(&op_done);
  const auto timeout_data = reinterpret_cast<uint64_t>(&timeout_done);
  if (stopping_) {
    op_done.on_entry(op_done, Entry{op_data, -ECANCELED, 0});
    timeout_done.on_entry(timeout_done, Entry{timeout_data, -ECANCELED, 0});
    return;
  }
  stats_.ops_submitted += 2;
  if (linked_external_.empty() && driver_.try_push_linked(op, op_data, timeout, timeout_data)) {
    return;
  }
  linked_external_.push(op, op_data);
  op.bookkeeping().link = &timeout;
  timeout.mark(OpState::queued, timeout_data);
}

// Ops that did not fit in the SQ, oldest first; a linked pair needs two slots.
void Runtime::push_backlog() noexcept {
  driver_.push_queue(external_);
  while (!linked_external_.empty() && driver_.capacity_left() >= 2) {
    OpBase* op = linked_external_.pop();
    auto* timeout = static_cast<Timeout*>(op->bookkeeping().link);
    op->bookkeeping().link = nullptr;
    (void)driver_.try_push_linked(*op, op->user_data(), *timeout, timeout->user_data());
  }
}

// Shutdown: ops that never reached the driver end as cancelled.
void Runtime::cancel_backlog() noexcept {
  auto cancel = [](OpBase& op) {
    auto* completion = reinterpret_cast<Completion*>(op.user_data());
    op.mark(OpState::idle);
    completion->on_entry(*completion, Entry{op.user_data(), -ECANCELED, 0});
  };
  while (OpBase* op = external_.pop()) cancel(*op);
  while (OpBase* op = linked_external_.pop()) {
    auto* timeout = op->bookkeeping().link;
    op->bookkeeping().link = nullptr;
    cancel(*op);
    cancel(*timeout);
  }
}

void Runtime::run_until(const bool& done) {
  while (!done) {
    ++stats_.loop_turns;
    run_ready();
    if (done) break;
    if (hooks_ != nullptr) hooks_->on_turn();
    poll_io(ready_.empty() && after_poll_.empty());
  }
}

// At most task_batch resumptions, so IO completions are never starved.
void Runtime::run_ready() {
  for (uint32_t i = 0; i < config_.task_batch && !ready_.empty(); ++i) {
    ++stats_.tasks_run;
    ready_.pop().resume();
  }
}

void Runtime::poll_io(bool may_block) {
  push_backlog();
  if (may_block && config_.idle_poll.count() > 0) busy_poll();
  may_block = may_block && ready_.empty();
  if (may_block && hooks_ != nullptr) may_block = hooks_->before_sleep();
  if (may_block) ++stats_.sleeps;
  const auto timeout = may_block
                           ? std::nullopt
                           : std::optional<std::chrono::nanoseconds>(std::chrono::nanoseconds(0));
  auto count = driver_.submit(timeout, entries_);
  if (!count) {
    detail::runtime_logger()->critical("driver submit failed: {}", count.error().message());
    std::abort();
  }
  if (may_block && hooks_ != nullptr) hooks_->after_sleep();
  ++stats_.polls;
  for (size_t i = 0; i < *count; ++i) dispatch(entries_[i]);
  while (!after_poll_.empty()) ready_.push(after_poll_.pop());
}

// Spins on zero-timeout submits for up to idle_poll before the caller sleeps.
void Runtime::busy_poll() {
  const auto deadline = std::chrono::steady_clock::now() + config_.idle_poll;
  while (ready_.empty() && std::chrono::steady_clock::now() < deadline) {
    if (hooks_ != nullptr) hooks_->on_turn();
    auto count = driver_.submit(std::chrono::nanoseconds(0), entries_);
    if (!count) return;
    ++stats_.polls;
    for (size_t i = 0; i < *count; ++i) dispatch(entries_[i]);
  }
}

void Runtime::dispatch(const Entry& entry) noexcept {
  if (entry.user_data == 0) return;  // a bare wake-up message (MsgRing)
  if (!entry.more()) ++stats_.ops_completed;
  auto* completion = reinterpret_cast<Completion*>(entry.user_data);
  completion->on_entry(*completion, entry);
}

// Cancel everything, let the tasks run to see operation_canceled (new ops
// fail at once), drain the driver, then free whatever is still suspended.
void Runtime::shutdown() noexcept {
  stopping_ = true;
  cancel_backlog();
  driver_.cancel_all();
  // Bounded in time: a task that keeps starting ops sees each fail at once.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while ((driver_.in_flight() > 0 || !ready_.empty()) &&
         std::chrono::steady_clock::now() < deadline) {
    run_ready();
    const auto wait = ready_.empty() ? std::chrono::milliseconds(1) : std::chrono::milliseconds(0);
    auto count = driver_.submit(wait, entries_);
    if (!count) break;
    for (size_t i = 0; i < *count; ++i) dispatch(entries_[i]);
  }
  while (detached_ != nullptr) {
    detail::PromiseBase* promise = detached_;
    detached_ = promise->next_detached;
    --live_tasks_;
    promise->frame().destroy();
  }
}

}  // namespace cio
