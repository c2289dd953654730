// The comparisons bench-runtime runs, one file each. A new case adds its
// add_*_cases here and one line in main.cpp.
#pragma once

#include <vector>

#include <cio/perf/suite.hpp>

namespace cio::bench {

void add_echo_cases(std::vector<perf::Comparison>& out);         // echo.cpp
void add_nop_awaited_cases(std::vector<perf::Comparison>& out);  // nop_awaited.cpp
void add_spawn_cases(std::vector<perf::Comparison>& out);        // spawn.cpp

}  // namespace cio::bench
