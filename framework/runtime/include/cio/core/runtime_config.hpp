/// @file
/// RuntimeConfig: the knobs of one shard's reactor loop.
#pragma once

#include <chrono>
#include <cstdint>

#include <cio/driver/driver_config.hpp>

namespace cio {

/// How a Runtime sets up its driver and paces its loop; passed to the
/// Runtime constructor or block_on().
struct RuntimeConfig {
  DriverConfig driver{};  ///< The IO driver's backend and queue depths.
  /// Ready tasks run per loop turn before IO is polled again, so a busy
  /// shard never starves its IO (0 counts as 1).
  uint32_t task_batch = 256;
  /// Completions taken from the driver per submit (0 counts as 1).
  uint32_t completion_batch = 256;
  /// Poll without sleeping for this long before blocking in the kernel
  /// (0: block as soon as there is nothing to run).
  std::chrono::microseconds idle_poll{0};
};

}  // namespace cio
