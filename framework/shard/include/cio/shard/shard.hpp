/// @file
/// Where the calling code runs, inside a launch of shards (see launcher.hpp).
/// Outside a launch there is one shard: this_shard() == 0, shard_count() == 1.
#pragma once

namespace cio {

/// The shard of the calling thread, 0 .. shard_count() - 1 (a thread-local
/// read); 0 outside a launch.
unsigned this_shard() noexcept;
/// How many shards the calling thread's launch runs; 1 outside a launch.
unsigned shard_count() noexcept;

}  // namespace cio
