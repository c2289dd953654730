// The comparisons bench-drivers runs, one file each.
#pragma once

#include <vector>

#include <cio/perf/suite.hpp>

namespace cio::bench {

void add_nop_cases(std::vector<perf::Comparison>& out);           // nop.cpp
void add_read4k_cases(std::vector<perf::Comparison>& out);        // read4k.cpp
void add_epoll_nop_cases(std::vector<perf::Comparison>& out);     // epoll_nop.cpp
void add_epoll_read4k_cases(std::vector<perf::Comparison>& out);  // epoll_read4k.cpp

}  // namespace cio::bench
