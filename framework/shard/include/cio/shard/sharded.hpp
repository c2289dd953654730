/// @file
/// Sharded<T>: one T per shard, each built, used and destroyed on its own
/// shard (Seastar's sharded<T>). Start it from any shard of a running launch
/// and stop it before the launch ends; an AsyncScope (cio/core/async_scope.hpp) stops
/// it for you on every path, a throw included.
///
///   cio::Sharded<Cache> caches;
///   co_await caches.start(std::string("users"), 1024);  // Cache("users", 1024) everywhere
///   // or, a different size per shard: Cache(64u << shard)
///   //   co_await caches.start(cio::per_shard([](unsigned shard) { return 64u << shard; }));
///   co_await caches.invoke_on(1, [](Cache& c, const std::string& key) { c.erase(key); }, key);
///   co_await caches.stop();                              // last shard first
///
/// Arguments and callables are taken as submit_to takes them (any type;
/// see submit_to.hpp). Destroying a started Sharded is a bug: debug builds
/// abort naming T; release builds print the same message and leak the
/// instances (destroying them unstopped would free what their spawned work
/// still uses).
#pragma once

#include <concepts>
#include <exception>
#include <functional>
#include <memory>
#include <stdexcept>
#include <tuple>
#include <typeinfo>
#include <utility>
#include <vector>

#include <cio/core/task.hpp>
#include <cio/detail/awaited_arguments.hpp>
#include <cio/detail/unstopped.hpp>
#include <cio/shard/per_shard.hpp>
#include <cio/shard/shard.hpp>
#include <cio/shard/submit_to.hpp>

namespace cio {

/// One T per shard (see the file comment). The Sharded object must outlive
/// stop(): each shard reaches its own instance through it.
template <typename T>
class Sharded {
 public:
  /// Not started: no instances yet.
  Sharded() = default;
  Sharded(const Sharded&) = delete;             ///< Not copyable: the shards point at it.
  Sharded& operator=(const Sharded&) = delete;  ///< Not copyable: the shards point at it.
  /// Must not be started: that is reported as a bug (see the file comment).
  ~Sharded() {
    if (started()) abandon();
  }

  /// Builds T on shard 0, then 1, ... (one round trip per shard, in turn):
  /// T(args...) on each, with the arguments as const lvalues (T copies what
  /// it keeps), a per_shard(fn) argument replaced by fn(shard) run on that
  /// shard. The arguments are decayed copies kept on the calling shard and
  /// read from each shard in turn. Await it from any shard of a running
  /// launch. If a constructor throws, the instances already built are
  /// stopped and the exception is rethrown. Throws std::logic_error if
  /// already started.
  template <typename... Args>
  [[nodiscard]] Task<void> start(Args&&... args) {
    cio::detail::check_awaited_arguments<Args...>();
    static_assert(std::is_constructible_v<T, shard::detail::PerShardValue<std::decay_t<Args>>...>,
                  "Sharded<T>::start: T cannot be built from these arguments");
    return start_all(std::tuple<std::decay_t<Args>...>(std::forward<Args>(args)...));
  }

  /// Last shard first, one round trip each: on its own shard, awaits
  /// T::stop() when T has one (returning Task<void>), then destroys T.
  /// Every shard is stopped even when one T::stop() throws; the first
  /// exception is rethrown after. Does nothing when not started. Await it
  /// from any shard of the launch; afterwards start() may be called again.
  Task<void> stop() {
    std::exception_ptr failure;
    for (unsigned shard = static_cast<unsigned>(instances_.size()); shard-- > 0;) {
      auto stop_here = [this]() -> Task<void> { co_await stop_local(); };
      try {
        co_await submit_to(shard, stop_here);
      } catch (...) {
        if (!failure) failure = std::current_exception();
      }
    }
    instances_.clear();
    if (failure) std::rethrow_exception(failure);
  }

  /// True from the moment start() runs until stop() completes (false again
  /// after a start() that failed).
  bool started() const noexcept { return !instances_.empty(); }

  /// The calling shard's instance, with no cross-shard traffic. The Sharded
  /// must be started, and the instance used only on this shard.
  T& local() noexcept { return *instances_[this_shard()]; }

  /// Runs fn(instance, args...) on `shard` and returns a Task of its result
  /// (of what it yields when fn is a coroutine); the Task rethrows what fn
  /// threw, and throws std::out_of_range for a shard that does not exist.
  /// fn and args are taken as submit_to takes them.
  template <typename F, typename... Args>
  [[nodiscard]] auto invoke_on(unsigned shard, F&& fn, Args&&... args) {
    check_instance_call<F, Args...>();
    return shard::detail::call_on(
        shard, shard::detail::Bound(on_instance(std::forward<F>(fn)), std::forward<Args>(args)...));
  }

  /// Runs fn(instance, args...) on every shard at once (a copy of fn each);
  /// fn returns void or Task<void>. The first failure in shard order is
  /// rethrown once every shard has finished.
  template <typename F, typename... Args>
  [[nodiscard]] Task<void> invoke_on_all(F&& fn, Args&&... args) {
    check_instance_call<F, Args...>();
    return shard::detail::invoke_all(
        shard::detail::Bound(on_instance(std::forward<F>(fn)), std::forward<Args>(args)...));
  }

  /// map_reduce over the instances: mapper(instance, args...) runs on every
  /// shard at once, and the results are folded in shard order on the
  /// calling shard, acc = reducer(acc, value), starting from `initial`.
  /// Failures are rethrown as by invoke_on_all.
  template <typename Mapper, typename R, typename Reducer, typename... Args>
  [[nodiscard]] Task<std::decay_t<R>> map_reduce(Mapper&& mapper, R&& initial, Reducer&& reducer,
                                                 Args&&... args) {
    check_instance_call<Mapper, Args...>();
    cio::detail::check_awaited_callable<Reducer>();
    cio::detail::check_awaited_argument<R>();
    return shard::detail::map_reduce_all(
        shard::detail::Bound(on_instance(std::forward<Mapper>(mapper)),
                             std::forward<Args>(args)...),
        std::decay_t<R>(std::forward<R>(initial)),
        std::decay_t<Reducer>(std::forward<Reducer>(reducer)));
  }

 private:
  // fn with this shard's instance put before its arguments.
  template <typename F>
  struct OnInstance {
    template <typename... A>
    decltype(auto) operator()(A&&... args) {
      return std::invoke(fn, self->local(), std::forward<A>(args)...);
    }
    Sharded* self;
    F fn;
  };

  template <typename F, typename... Args>
  static constexpr void check_instance_call() noexcept {
    cio::detail::check_awaited_callable<F>();
    cio::detail::check_awaited_arguments<Args...>();
    static_assert(std::is_invocable_v<std::decay_t<F>&, T&, std::decay_t<Args>&&...>,
                  "Sharded<T>: fn cannot be called as fn(T&, args...) (args are rvalues)");
  }

  template <typename F>
  OnInstance<std::decay_t<F>> on_instance(F&& fn) {
    return {this, std::forward<F>(fn)};
  }

  template <typename Tuple>
  Task<void> start_all(Tuple args) {
    if (started()) throw std::logic_error("Sharded<T>::start: already started");
    instances_.resize(shard_count());
    std::exception_ptr failure;
    try {
      for (unsigned shard = 0; shard < shard_count(); ++shard) {
        auto build_here = [this, &args] { build_local(args); };
        co_await submit_to(shard, build_here);
      }
    } catch (...) {
      failure = std::current_exception();
    }
    if (!failure) co_return;
    co_await stop();
    std::rethrow_exception(failure);
  }

  template <typename Tuple>
  void build_local(Tuple& args) {
    instances_[this_shard()] = std::apply(
        [](auto&... arg) { return std::make_unique<T>(shard::detail::per_shard_value(arg)...); },
        args);
  }

  // The instance is destroyed even when its stop() throws.
  Task<void> stop_local() {
    auto instance = std::move(instances_[this_shard()]);
    if constexpr (requires(T & t) {
                    { t.stop() } -> std::same_as<Task<void>>;
                  }) {
      if (instance) co_await instance->stop();
    }
  }

  // Destroyed while started: a bug in the caller (see the file comment).
  // The instances are left alive: work they spawned may still use them.
  void abandon() noexcept {
    cio::detail::report_unstopped(typeid(*this));
    for (auto& instance : instances_) static_cast<void>(instance.release());
  }

  // One slot per shard, each touched only by its own shard after start().
  std::vector<std::unique_ptr<T>> instances_;
};

}  // namespace cio
