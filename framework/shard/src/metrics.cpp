#include <cio/shard/metrics.hpp>

#include <cio/shard/submit_to.hpp>

#include "shard_context.hpp"

namespace cio {

ShardMetrics local_metrics() {
  ShardMetrics metrics;
  if (auto* runtime = Runtime::try_current()) metrics.runtime = runtime->stats();
  if (auto* context = shard::detail::ShardContext::current()) {
    metrics.shard = context->id();
    metrics.mesh = context->stats();
  }
  return metrics;
}

Task<std::vector<ShardMetrics>> all_metrics() {
  std::vector<ShardMetrics> all(shard_count());
  co_return co_await map_reduce(local_metrics, std::move(all),
                                [](std::vector<ShardMetrics> acc, ShardMetrics one) {
                                  acc[one.shard] = one;
                                  return acc;
                                });
}

}  // namespace cio
