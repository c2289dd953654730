/// @file
/// yield(): lets the rest of the shard run in the middle of long work.
///
///   for (auto& item : items) {
///     process(item);
///     if (++done % 256 == 0) co_await cio::yield();
///   }
///
/// The coroutine resumes after the tasks that were ready have had their turn
/// and the driver has been polled once, without blocking, so IO completions
/// are not held up by a computation that yields now and then. It starts no
/// op. During shutdown it does not return: the coroutine's frame is freed
/// there, so code after the yield (cleanup included) never runs; put
/// cleanup in destructors (see Runtime::schedule_after_poll).
#pragma once

#include <coroutine>

#include <cio/core/runtime.hpp>

namespace cio {

/// The awaitable yield() returns.
struct YieldAwaitable {
  /// Always suspends.
  bool await_ready() const noexcept { return false; }
  /// Queues `self` on Runtime::current() to run after the next driver poll.
  void await_suspend(std::coroutine_handle<> self) const {
    Runtime::current().schedule_after_poll(self);
  }
  /// Nothing to return.
  void await_resume() const noexcept {}
};

/// `co_await cio::yield()`: resumes after the tasks ready now have run and
/// the driver has been polled once. Never returns during shutdown.
inline YieldAwaitable yield() noexcept { return {}; }

}  // namespace cio
