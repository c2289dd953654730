/// @file
/// per_shard(fn): an argument to Sharded<T>::start that differs per shard.
/// fn(shard) runs on each shard just before that shard's T is built, and
/// what it returns is passed in the argument's place.
///
///   co_await caches.start(cio::per_shard([](unsigned shard) { return 64u << shard; }));
#pragma once

#include <type_traits>
#include <utility>

#include <cio/detail/awaited_arguments.hpp>
#include <cio/shard/shard.hpp>

namespace cio {

/// An argument of Sharded<T>::start whose value each shard computes for
/// itself; made by per_shard().
template <typename F>
class PerShard {
 public:
  /// Keeps `fn`; per_shard() is the way to make one (it checks fn).
  explicit PerShard(F fn) : fn_(std::move(fn)) {}
  /// The value for the calling shard.
  decltype(auto) make() const { return fn_(this_shard()); }

 private:
  F fn_;
};

/// Wraps `fn`, callable as `fn(unsigned shard)` on a const fn, as an argument
/// of Sharded<T>::start. start keeps one copy on the calling shard and calls
/// it on each shard in turn (never two at once), so what fn captures is read
/// from every shard's thread.
template <typename F>
PerShard<std::decay_t<F>> per_shard(F&& fn) {
  detail::check_awaited_callable<F>();
  static_assert(std::is_invocable_v<const std::decay_t<F>&, unsigned>,
                "per_shard: fn must be callable as fn(unsigned shard)");
  return PerShard<std::decay_t<F>>(std::forward<F>(fn));
}

namespace shard::detail {

// What Sharded<T>::start passes to T for an argument of type A.
template <typename A>
struct PerShardValueOf {
  using type = const A&;
};
template <typename F>
struct PerShardValueOf<PerShard<F>> {
  using type = std::invoke_result_t<const F&, unsigned>;
};
template <typename A>
using PerShardValue = typename PerShardValueOf<A>::type;

template <typename A>
const A& per_shard_value(const A& argument) noexcept {
  return argument;
}
template <typename F>
decltype(auto) per_shard_value(const PerShard<F>& argument) {
  return argument.make();
}

}  // namespace shard::detail
}  // namespace cio
