// Progress: the live line (bytes, files, rate, ETA) drawn on shard 0 from
// the shards' tallies, and the summary printed at the end.
#pragma once

#include <cstdint>
#include <string>

#include <cio/core/stop.hpp>
#include <cio/core/task.hpp>
#include <cio/sync/gate.hpp>
#include <cio/time/clock.hpp>

#include "job.hpp"

namespace cio::copier {

struct Counts {
  uint64_t bytes = 0;
  uint64_t files = 0;
};

// What every shard has done so far: the bytes of files not put in place
// (failed, interrupted) are taken back once their file is given up.
Counts gather(Job& job) noexcept;

// "1.5 GiB", "812.0 KiB", "17 B".
std::string human_bytes(double bytes);

// Redraws the progress line every 250 ms until `stop`, then once more.
Task<void> draw_progress(Job& job, time::Clock::time_point started, StopToken stop,
                         sync::Gate::Holder held);

// "copied 3 of 3 files, 64.0 MiB in 0.41 s (156.1 MiB/s)", with the
// failures and skips when there are any.
std::string summary(const Plan& plan, const Counts& done, uint64_t failures,
                    time::Clock::duration elapsed);

}  // namespace cio::copier
