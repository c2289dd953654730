/// @file
/// The shard launcher: one pinned thread per shard, each with its own
/// runtime (driver + executor), joined by a mesh of SPSC message rings.
///
///   cio::shard::LaunchConfig config;
///   config.cpus = cio::shard::plan_shards({}, cio::shard::probe_host()).value();
///   cio::shard::run_shards(config, []() -> cio::Task<void> {
///     co_await cio::invoke_on_all([] { ... });   // runs on every shard
///   });
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include <cio/core/runtime_config.hpp>
#include <cio/core/task.hpp>

namespace cio::shard {

/// How run_shards launches: one shard per CPU listed, each with its own
/// runtime, and the size of the message rings between them.
struct LaunchConfig {
  std::vector<int> cpus;  ///< shard i runs on cpus[i]; one shard per entry (see plan_shards)
  RuntimeConfig runtime;  ///< every shard's runtime and driver
  /// Messages per ordered pair of shards, rounded up to a power of two. Each
  /// of the N x (N-1) rings takes 64 bytes per message, allocated by its
  /// receiving shard. A sender finding the ring full waits; nothing is lost.
  size_t ring_capacity = 1024;
  bool pin = true;  ///< pin each shard's thread to its CPU; false: leave the threads unpinned
};

/// Starts every shard, runs main() on shard 0 (the calling thread, which it
/// blocks), then stops shards N-1 .. 1 in that order and joins them. Shards
/// 1.. are threads named "cio-shard-N" that run until main() finishes. Each
/// shard pins its thread first, then builds its runtime, so its memory is
/// first touched on its own core; the calling thread's CPU mask is restored
/// on return. Throws std::runtime_error naming the shard and the failed
/// call if any shard cannot start (no shard runs anything then), and
/// std::invalid_argument for an empty cpus list. An exception from main() is
/// rethrown after all shards stopped. Work still pending between shards when
/// main() returns is abandoned: stop what you started (Sharded::stop) first.
void run_shards(const LaunchConfig& config, std::function<Task<void>()> main);

}  // namespace cio::shard
