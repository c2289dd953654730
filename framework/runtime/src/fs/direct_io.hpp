// O_DIRECT rules: the alignment a file needs, and a clear message when a
// call breaks it.
#pragma once

#include <cstddef>
#include <cstdint>

namespace cio::fs::detail {

// The larger of the memory and offset alignments statx reports for `fd`
// (STATX_DIOALIGN), or 4096 when the kernel does not report them.
uint32_t direct_alignment(int fd) noexcept;

// nullptr when `data`, `length` and `offset` are all multiples of
// `alignment`; else "<operation>: O_DIRECT <which> must be a multiple of
// <alignment>" (a string that lives as long as the process).
const char* misalignment(const char* operation, uint32_t alignment, const void* data, size_t length,
                         uint64_t offset);

}  // namespace cio::fs::detail
