// Running code on other shards. `fn` is moved to the target shard and run
// there; a coroutine fn (one returning Task<T>) is awaited there. The
// result, or the exception fn threw, comes back to the caller's shard.
//
//   int n = co_await cio::submit_to(1, [] { return local_count(); });
//   co_await cio::invoke_on_all([] { cache().clear(); });
//   auto total = co_await cio::map_reduce([] { return local_count(); }, 0,
//                                         std::plus<>());
//
// Captures must be safe to use on the target shard: copy values or send
// objects built for it (see Foreign in foreign.hpp), not references to the
// caller's shard-local state. A full ring makes the caller wait; nothing is
// dropped. A call to the calling shard runs directly.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

#include <cio/shard/detail/call.hpp>
#include <cio/shard/shard.hpp>
#include <cio/task.hpp>

namespace cio {

namespace shard::detail {
inline void check_shard(unsigned shard) {
  if (shard >= shard_count()) {
    throw std::out_of_range("submit_to: shard " + std::to_string(shard) + " does not exist (" +
                            std::to_string(shard_count()) + " shards)");
  }
}
}  // namespace shard::detail

// Runs `fn` on `shard`; returns its result or rethrows its exception.
// Throws std::out_of_range when `shard` >= shard_count().
template <typename F>
Task<shard::detail::CallValue<F>> submit_to(unsigned shard, F fn) {
  shard::detail::check_shard(shard);
  if (shard == this_shard()) co_return co_await shard::detail::run_here(fn);
  shard::detail::Call<shard::detail::CallValue<F>> call;
  shard::detail::start_call(call, shard, std::move(fn));
  co_await call;
  co_return call.take();
}

// Runs `mapper` on every shard at once (a copy each) and folds the results
// in shard order: result = reducer(result, value). If any shard throws, the
// first exception in shard order is rethrown after all have finished.
template <typename Mapper, typename R, typename Reducer>
Task<R> map_reduce(Mapper mapper, R initial, Reducer reducer) {
  using Value = shard::detail::CallValue<Mapper>;
  static_assert(!std::is_void_v<Value>, "map_reduce: the mapper must return a value");
  const unsigned count = shard_count();
  const unsigned here = this_shard();
  auto calls = std::make_unique<shard::detail::Call<Value>[]>(count);
  for (unsigned shard = 0; shard < count; ++shard) {
    if (shard != here) shard::detail::start_call(calls[shard], shard, mapper);
  }
  std::exception_ptr error;
  std::exception_ptr local_error;
  std::optional<Value> local;
  try {
    local.emplace(co_await shard::detail::run_here(mapper));
  } catch (...) {
    local_error = std::current_exception();
  }
  for (unsigned shard = 0; shard < count; ++shard) {
    try {
      if (shard == here) {
        if (local_error) std::rethrow_exception(local_error);
        if (!error) initial = reducer(std::move(initial), std::move(*local));
        continue;
      }
      co_await calls[shard];
      Value value = calls[shard].take();
      if (!error) initial = reducer(std::move(initial), std::move(value));
    } catch (...) {
      if (!error) error = std::current_exception();
    }
  }
  if (error) std::rethrow_exception(error);
  co_return initial;
}

// Runs `fn` on every shard at once; rethrows the first failure in shard order.
template <typename F>
Task<void> invoke_on_all(F fn) {
  static_assert(std::is_void_v<shard::detail::CallValue<F>>,
                "invoke_on_all: fn must return void (or Task<void>); use map_reduce");
  // Named first: GCC 12 destroys a lambda temporary that captures a
  // std::string twice when it is built inside a co_await expression.
  auto each = [fn = std::move(fn)]() mutable -> Task<bool> {
    co_await shard::detail::run_here(fn);
    co_return true;
  };
  co_await map_reduce(std::move(each), true, [](bool, bool) { return true; });
}

}  // namespace cio
