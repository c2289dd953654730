/// @file
/// Running code on other shards. `fn(args...)` runs on the target shard; a
/// coroutine fn (one returning Task<T>) is awaited there. The result, or the
/// exception fn threw, comes back to the caller's shard.
///
///   int n = co_await cio::submit_to(1, [] { return local_count(); });
///   auto size = co_await cio::submit_to(
///       owner, [](const std::string& key) { return store().size_of(key); }, key);
///   co_await cio::invoke_on_all([] { cache().clear(); });
///   auto total = co_await cio::map_reduce([] { return local_count(); }, 0, std::plus<>());
///
/// fn and args are copied or moved into the call (decayed, as std::thread
/// does) and handed to fn as rvalues, so any type works: strings, vectors,
/// unique_ptr, shared_ptr. They stay on the calling shard's side of the call
/// and are destroyed there once the call completes (what fn takes by value
/// is moved out and dies with fn's parameters, on the target). They must be
/// safe to use on the target shard: values, or objects built for it (see
/// Foreign in foreign.hpp), not references to the caller's shard-local
/// state. A full ring makes the caller wait; nothing is dropped. A call to
/// the calling shard runs directly. With GCC 12, a lambda that captures
/// objects with destructors must be named, or its values passed as args (see
/// cio/detail/awaited_arguments.hpp); the compiler says so.
#pragma once

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

#include <cio/core/task.hpp>
#include <cio/detail/awaited_arguments.hpp>
#include <cio/shard/detail/call.hpp>
#include <cio/shard/shard.hpp>

namespace cio {

namespace shard::detail {

inline void check_shard(unsigned shard) {
  if (shard >= shard_count()) {
    throw std::out_of_range("submit_to: shard " + std::to_string(shard) + " does not exist (" +
                            std::to_string(shard_count()) + " shards)");
  }
}

// The checks every public entry point makes on what it is given.
template <typename F, typename... Args>
constexpr void check_call() noexcept {
  cio::detail::check_awaited_callable<F>();
  cio::detail::check_awaited_arguments<Args...>();
  static_assert(std::is_invocable_v<std::decay_t<F>&, std::decay_t<Args>&&...>,
                "cio: fn cannot be called with these arguments (they are passed as rvalues)");
}

template <typename F, typename... Args>
using BoundValue = CallValue<Bound<std::decay_t<F>, std::decay_t<Args>...>>;

// The coroutine behind submit_to: fn (a Bound) lives in this frame.
template <typename F>
Task<CallValue<F>> call_on(unsigned shard, F fn) {
  check_shard(shard);
  if (shard == this_shard()) co_return co_await run_here(fn);
  Call<F> call;
  call.start(shard, fn);
  co_await call;
  co_return call.take();
}

// Runs a copy of fn on every shard at once, then hands each value to
// collect(value) (collect() for void) in shard order. After a failure no
// more values are collected; the first failure in shard order is rethrown
// once every shard has finished.
template <typename F, typename Collect>
Task<void> run_on_every_shard(F fn, Collect& collect) {
  using Value = CallValue<F>;
  struct Slot {
    std::optional<F> fn;
    Call<F> call;
  };
  const unsigned count = shard_count();
  const unsigned here = this_shard();
  auto slots = std::make_unique<Slot[]>(count);
  // Every copy before any call starts: a copy that throws leaves no call
  // running on a frame about to die.
  for (unsigned shard = 0; shard < count; ++shard) {
    if (shard != here) slots[shard].fn.emplace(fn);
  }
  for (unsigned shard = 0; shard < count; ++shard) {
    if (shard != here) slots[shard].call.start(shard, *slots[shard].fn);
  }
  std::exception_ptr error;
  for (unsigned shard = 0; shard < count; ++shard) {
    try {
      if constexpr (std::is_void_v<Value>) {
        if (shard == here) {
          co_await run_here(fn);
        } else {
          co_await slots[shard].call;
          slots[shard].call.take();
        }
        if (!error) collect();
      } else {
        std::optional<Value> value;
        if (shard == here) {
          value.emplace(co_await run_here(fn));
        } else {
          co_await slots[shard].call;
          value.emplace(slots[shard].call.take());
        }
        if (!error) collect(std::move(*value));
      }
    } catch (...) {
      if (!error) error = std::current_exception();
    }
  }
  if (error) std::rethrow_exception(error);
}

template <typename F, typename R, typename Reducer>
Task<R> map_reduce_all(F mapper, R initial, Reducer reducer) {
  auto fold = [&](CallValue<F>&& value) {
    initial = reducer(std::move(initial), std::move(value));
  };
  co_await run_on_every_shard(std::move(mapper), fold);
  co_return initial;
}

template <typename F>
Task<void> invoke_all(F fn) {
  auto nothing = [] {};
  co_await run_on_every_shard(std::move(fn), nothing);
}

}  // namespace shard::detail

/// Runs fn(args...) on `shard`; the Task (lazy: nothing is sent until it is
/// awaited) returns fn's result, or what it yields when fn returns a Task,
/// or rethrows its exception. It throws std::out_of_range when `shard` >=
/// shard_count(). Another shard costs one message each way and no heap
/// allocation for them: fn, args and the result stay in the caller's frame.
template <typename F, typename... Args>
[[nodiscard]] Task<shard::detail::BoundValue<F, Args...>> submit_to(unsigned shard, F&& fn,
                                                                    Args&&... args) {
  shard::detail::check_call<F, Args...>();
  return shard::detail::call_on(
      shard, shard::detail::Bound(std::forward<F>(fn), std::forward<Args>(args)...));
}

/// Runs mapper(args...) on every shard at once (a copy each; the calling
/// shard's runs directly) and folds the results in shard order on the
/// calling shard, starting from `initial`: result = reducer(result, value).
/// mapper must return a value (or a Task of one). If any shard throws, the
/// first exception in shard order is rethrown after all have finished.
template <typename Mapper, typename R, typename Reducer, typename... Args>
[[nodiscard]] Task<std::decay_t<R>> map_reduce(Mapper&& mapper, R&& initial, Reducer&& reducer,
                                               Args&&... args) {
  shard::detail::check_call<Mapper, Args...>();
  cio::detail::check_awaited_callable<Reducer>();
  cio::detail::check_awaited_argument<R>();
  static_assert(!std::is_void_v<shard::detail::BoundValue<Mapper, Args...>>,
                "map_reduce: the mapper must return a value");
  return shard::detail::map_reduce_all(
      shard::detail::Bound(std::forward<Mapper>(mapper), std::forward<Args>(args)...),
      std::decay_t<R>(std::forward<R>(initial)),
      std::decay_t<Reducer>(std::forward<Reducer>(reducer)));
}

/// Runs fn(args...) on every shard at once (a copy each; the calling
/// shard's runs directly); fn returns void or Task<void>. Rethrows the first
/// failure in shard order after all have finished.
template <typename F, typename... Args>
[[nodiscard]] Task<void> invoke_on_all(F&& fn, Args&&... args) {
  shard::detail::check_call<F, Args...>();
  static_assert(std::is_void_v<shard::detail::BoundValue<F, Args...>>,
                "invoke_on_all: fn must return void (or Task<void>); use map_reduce");
  return shard::detail::invoke_all(
      shard::detail::Bound(std::forward<F>(fn), std::forward<Args>(args)...));
}

}  // namespace cio
