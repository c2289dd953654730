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

/// One shard's message-mesh counters since its launch started. A submit_to
/// another shard is two messages: the request and the reply.
struct MeshStats {
  uint64_t messages_sent = 0;      ///< pushed into a ring, to any other shard
  uint64_t messages_received = 0;  ///< taken out of a ring and run
  uint64_t ring_full_waits = 0;    ///< sends held back because the ring was full
  uint64_t wakes_sent = 0;         ///< sleeping receivers woken
};

/// One shard's counters, as local_metrics() and all_metrics() return them.
struct ShardMetrics {
  unsigned shard = 0;    ///< the shard they were read on (0 outside a launch)
  RuntimeStats runtime;  ///< its runtime's loop counters (zero without a runtime)
  MeshStats mesh;        ///< its mesh counters (zero outside a launch)
};

/// The calling thread's counters: its shard's, or outside a launch the
/// current runtime's (if any) with the mesh counters zero. A copy, no
/// message; callable on any thread.
ShardMetrics local_metrics();

/// Every shard's counters, in shard order (element i: shard i). Await it on
/// a shard: one round trip to every other shard, all at once.
Task<std::vector<ShardMetrics>> all_metrics();

}  // namespace cio
