/// @file
/// Per-shard counters: the runtime's loop counters plus the message mesh's.
/// Each shard writes only its own; read them all with all_metrics() (a
/// map_reduce over the shards), or the calling shard's with local_metrics().
#pragma once

#include <cstdint>
#include <vector>

#include <cio/core/runtime.hpp>
#include <cio/core/task.hpp>

namespace cio {

struct MeshStats {
  uint64_t messages_sent = 0;      ///< pushed into a ring
  uint64_t messages_received = 0;  ///< taken out of a ring and run
  uint64_t ring_full_waits = 0;    ///< sends held back because the ring was full
  uint64_t wakes_sent = 0;         ///< sleeping receivers woken
};

struct ShardMetrics {
  unsigned shard = 0;
  RuntimeStats runtime;
  MeshStats mesh;
};

/// The calling shard's counters (outside a launch: the runtime's, mesh zero).
ShardMetrics local_metrics();

/// Every shard's counters, in shard order.
Task<std::vector<ShardMetrics>> all_metrics();

}  // namespace cio
