// Sharded<T>: one T per shard, each built, used and destroyed on its own
// shard (Seastar's sharded<T>). Start it from shard 0 after the launch is up
// and stop it before the launch ends.
//
//   cio::Sharded<Cache> caches;
//   co_await caches.start(1024);                    // Cache(1024) on every shard
//   co_await caches.invoke_on(1, [](Cache& c) { c.clear(); });
//   co_await caches.stop();                         // last shard first
#pragma once

#include <concepts>
#include <memory>
#include <tuple>
#include <utility>
#include <vector>

#include <cio/shard/shard.hpp>
#include <cio/shard/submit_to.hpp>
#include <cio/task.hpp>

namespace cio {

template <typename T>
class Sharded {
 public:
  Sharded() = default;
  Sharded(const Sharded&) = delete;
  Sharded& operator=(const Sharded&) = delete;

  // Builds T(args...) on shard 0, then 1, ... (each from its own copy of args).
  template <typename... Args>
  Task<void> start(Args... args) {
    instances_.clear();
    instances_.resize(shard_count());
    for (unsigned shard = 0; shard < shard_count(); ++shard) {
      co_await submit_to(
          shard, [this, args...] { instances_[this_shard()] = std::make_unique<T>(args...); });
    }
  }

  // Last shard first: awaits T::stop() when T has one, then destroys T.
  Task<void> stop() {
    for (unsigned shard = static_cast<unsigned>(instances_.size()); shard-- > 0;) {
      co_await submit_to(shard, [this]() -> Task<void> {
        auto& instance = instances_[this_shard()];
        if constexpr (requires(T & t) {
                        { t.stop() } -> std::same_as<Task<void>>;
                      }) {
          if (instance) co_await instance->stop();
        }
        instance.reset();
      });
    }
    instances_.clear();
  }

  // The calling shard's instance (the Sharded must be started).
  T& local() noexcept { return *instances_[this_shard()]; }

  // Runs fn(instance) on `shard`; fn may be a coroutine.
  template <typename F>
  auto invoke_on(unsigned shard, F fn) {
    return submit_to(shard, [this, fn = std::move(fn)]() mutable { return fn(local()); });
  }

  // Runs fn(instance) on every shard at once.
  template <typename F>
  Task<void> invoke_on_all(F fn) {
    return cio::invoke_on_all([this, fn = std::move(fn)]() mutable { return fn(local()); });
  }

  // map_reduce over the instances: reducer(acc, mapper(instance)).
  template <typename Mapper, typename R, typename Reducer>
  Task<R> map_reduce(Mapper mapper, R initial, Reducer reducer) {
    return cio::map_reduce([this, mapper = std::move(mapper)]() mutable { return mapper(local()); },
                           std::move(initial), std::move(reducer));
  }

 private:
  // One slot per shard, each touched only by its own shard after start().
  std::vector<std::unique_ptr<T>> instances_;
};

}  // namespace cio
