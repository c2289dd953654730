// The report of an object destroyed while it still runs on the shards.
#pragma once

#include <typeinfo>

namespace cio::detail {

// Prints "cio: <type> destroyed while started: ..." to stderr, then aborts
// in debug builds of the framework (NDEBUG undefined) and returns in
// release builds, where the caller cleans up as best it can.
void report_unstopped(const std::type_info& type) noexcept;

}  // namespace cio::detail
