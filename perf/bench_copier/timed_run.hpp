// Running one side of a copier comparison: a command as a child process,
// timed, with the CPU other work used meanwhile (the harness's LoadProbe
// counts this process only, so the child's own CPU and the kernel threads'
// it keeps busy, writing back and reclaiming, are taken off).
#pragma once

#include <string>
#include <vector>

#include <cio/perf/compare.hpp>

namespace cio::bench {

// Runs `argv` to the end; returns its wall time in seconds as a Rep,
// flagged when other work used more than the harness allows. Throws
// std::runtime_error when the command cannot start or exits non-zero.
perf::Rep timed_run(const std::vector<std::string>& argv);

}  // namespace cio::bench
