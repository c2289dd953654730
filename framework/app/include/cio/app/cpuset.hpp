/// @file
/// cpuset(7) "list format" strings: CPU ids and ranges, e.g. "0-3,6".
#pragma once

#include <string_view>
#include <vector>

#include <cio/core/parsed.hpp>

namespace cio::app {

/// Highest CPU id accepted: the largest NR_CPUS Linux builds for x86-64.
inline constexpr int kMaxCpuId = 8191;

/// Parses comma-separated CPU ids and inclusive ranges a-b (a <= b) into the
/// sorted ids without duplicates; "" yields an empty list (meaning: all usable
/// CPUs). Spaces, empty items, reversed ranges and ids above kMaxCpuId yield a
/// ParseError naming the offending item. Only the syntax is checked here.
Parsed<std::vector<int>> parse_cpuset(std::string_view text);

}  // namespace cio::app
