/// @file
/// AsyncScope: the services a program starts, stopped in reverse order on
/// every path out, a throw included. Code cannot co_await in a catch block,
/// so hand-written undo on each error path is where shutdown gets forgotten;
/// with_scope does it once.
///
///   co_await cio::with_scope([&](cio::AsyncScope& scope) -> cio::Task<void> {
///     auto& caches = scope.emplace<cio::Sharded<Cache>>();  // stopped, then destroyed
///     co_await caches.start(1024);
///     auto listener = co_await cio::shard::ShardedTcpListener::start(address, {}, serve);
///     scope.adopt(std::move(listener).value(), [](auto& l) { return l.stop(5s); });
///     co_await cio::stopped(context.stop);
///   });  // listener stopped, then caches; an exception is rethrown after
#pragma once

#include <exception>
#include <functional>
#include <memory>
#include <typeinfo>
#include <utility>
#include <vector>

#include <cio/core/task.hpp>
#include <cio/detail/awaited_arguments.hpp>
#include <cio/detail/unstopped.hpp>

namespace cio {

/// A service with `Task<void> stop()`, which AsyncScope awaits on close.
template <typename S>
concept Stoppable = requires(S& service) {
  { service.stop() } -> std::same_as<Task<void>>;
};

/// A stack of undo steps (usually services' stop()), run last first by
/// close(). Usually made by with_scope(), which closes it on every path.
/// Use it on one shard; close() must be awaited there.
class AsyncScope {
 public:
  /// An empty scope.
  AsyncScope() = default;
  AsyncScope(const AsyncScope&) = delete;             ///< Owns its services.
  AsyncScope& operator=(const AsyncScope&) = delete;  ///< Owns its services.
  /// Closing is the owner's job (with_scope does it); a scope destroyed with
  /// steps left is reported like an unstopped Sharded: a message on stderr,
  /// and an abort in debug builds.
  ~AsyncScope() {
    if (!steps_.empty()) detail::report_unstopped(typeid(*this));
  }

  /// Builds a service owned by the scope: close() awaits its stop(), then
  /// destroys it.
  template <Stoppable S, typename... Args>
  S& emplace(Args&&... args) {
    return adopt(std::make_unique<S>(std::forward<Args>(args)...));
  }

  /// Takes `service`; close() runs stop(service) (default: service.stop()),
  /// then destroys it.
  template <typename S, typename Stop>
  S& adopt(std::unique_ptr<S> service, Stop stop) {
    // Room first: once the service is owned here, nothing may throw before
    // its step is in place, or it would be destroyed unstopped.
    steps_.reserve(steps_.size() + 1);
    S& ref = *service;
    std::shared_ptr<S> owned(std::move(service));
    defer([owned, stop = std::move(stop)]() mutable -> Task<void> { return stop(*owned); });
    return ref;
  }
  /// Takes `service`; close() awaits service.stop(), then destroys it.
  template <Stoppable S>
  S& adopt(std::unique_ptr<S> service) {
    return adopt(std::move(service), [](S& s) { return s.stop(); });
  }

  /// Stops `service`, which the caller keeps alive until close() is done.
  template <Stoppable S>
  void defer_stop(S& service) {
    defer([&service] { return service.stop(); });
  }

  /// Any undo step: close() awaits step().
  void defer(std::function<Task<void>()> step) { steps_.push_back(std::move(step)); }

  /// Runs the steps, last first; each runs even when an earlier one threw.
  /// Rethrows the first failure once all have run.
  Task<void> close();

 private:
  std::vector<std::function<Task<void>()>> steps_;
};

namespace detail {
template <typename Body>
Task<void> run_in_scope(Body body) {
  AsyncScope scope;
  std::exception_ptr failure;
  try {
    co_await body(scope);
  } catch (...) {
    failure = std::current_exception();
  }
  try {
    co_await scope.close();
  } catch (...) {
    if (!failure) failure = std::current_exception();
  }
  if (failure) std::rethrow_exception(failure);
}
}  // namespace detail

/// Runs body(scope) (a coroutine), then closes the scope whether body
/// returned or threw. Body's exception wins over a failed stop's.
template <typename Body>
[[nodiscard]] Task<void> with_scope(Body&& body) {
  detail::check_awaited_callable<Body>();
  return detail::run_in_scope(std::decay_t<Body>(std::forward<Body>(body)));
}

}  // namespace cio
