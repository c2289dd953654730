// The comparisons bench-drivers runs, one file per kind of op (each file
// holds the io_uring and the epoll cases).
#pragma once

#include <vector>

#include <cio/perf/suite.hpp>

namespace cio::bench {

void add_nop_cases(std::vector<perf::Comparison>& out);     // nop.cpp
void add_read4k_cases(std::vector<perf::Comparison>& out);  // read4k.cpp

}  // namespace cio::bench
