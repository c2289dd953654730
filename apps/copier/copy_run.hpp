// One run of cio-copy on shard 0: plan, copy on every shard, fix the
// directories, report.
#pragma once

#include <string>
#include <vector>

#include <cio/app/app.hpp>
#include <cio/core/task.hpp>

#include "options.hpp"

namespace cio::copier {

// Copies `operands` (SRC... DST). Returns the exit status: 0, or 1 when
// anything failed or a signal stopped the copy (context.stop): then the
// files in flight are abandoned, their temporaries removed, and the files
// not started are not copied.
Task<int> run_copy(const std::vector<std::string>& operands, const CopyOptions& options,
                   app::AppContext& context);

}  // namespace cio::copier
