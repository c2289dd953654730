// Text helpers for config messages and --help.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <cio/core/parsed.hpp>

namespace cio::app::detail {

// The items with `separator` between them.
std::string join(const std::vector<std::string>& items, std::string_view separator);

// Success when `errors` is empty, else one ParseError with one line per
// error.
Parsed<> all_passed(const std::vector<std::string>& errors);

// " (did you mean 'x'?)" for the candidate closest to `word` by edit distance
// when it is close enough to be a typo, else "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace cio::app::detail
