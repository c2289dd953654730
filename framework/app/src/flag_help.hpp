// The --help text of the flags the schema declares.
#pragma once

#include <string>

#include <cio/app/config_value.hpp>

namespace cio::app::detail {

// "Submission queue depth (1..32768; default 256)". A help text that ends in
// its own parenthesis gets the details inside it: "Keep mode (-p; true|false;
// default false)", never "(-p) (...)".
std::string describe_flag(const ConfigOption& option);

// What --help says below the options: precedence, durations, booleans.
extern const char* const kFlagsFooter;

}  // namespace cio::app::detail
