/// @file
/// Where the calling code runs, inside a launch of shards (see launcher.hpp).
/// Outside a launch there is one shard: this_shard() == 0, shard_count() == 1.
#pragma once

namespace cio {

/// The shard of the calling thread.
unsigned this_shard() noexcept;
/// How many shards the current launch runs.
unsigned shard_count() noexcept;

}  // namespace cio
