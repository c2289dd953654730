// Heap allocations made by the calling thread so far: alloc_count.cpp
// replaces the global operator new to count them, so a claim of "no
// allocation per op" is measured, not assumed.
#pragma once

#include <cstdint>

namespace cio::bench {

uint64_t allocation_count() noexcept;

}  // namespace cio::bench
