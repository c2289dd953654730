/// @file
/// Durations in config files and flags: an integer and a unit, e.g. 250ms.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include <cio/core/parsed.hpp>

namespace cio::app {

/// Parses "<digits><unit>" with unit us, ms, s, m or h (e.g. "250ms", "5s",
/// "2m"). A bare number, another unit, a sign, a fraction or a value beyond
/// the range of std::chrono::microseconds yields a ParseError saying so.
Parsed<std::chrono::microseconds> parse_duration(std::string_view text);

/// The same duration in the largest unit that states it exactly ("90s" stays
/// "90s", 120s becomes "2m"); parse_duration reads it back unchanged.
std::string format_duration(std::chrono::microseconds duration);

}  // namespace cio::app
