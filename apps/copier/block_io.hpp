// One block of a transfer: copied (read, then written unless it is a zero
// block of a sparse source) or verified (both sides read and compared).
// The buffers belong to the calling lane; nothing is allocated.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include <cio/task.hpp>

#include "transfer.hpp"

namespace cio::copier {

// Copies [offset, offset + length) using `buffer` (a block, aligned for
// O_DIRECT). Returns false after failing the transfer.
Task<bool> copy_block(Job& job, Transfer& transfer, std::span<std::byte> buffer, uint64_t offset,
                      size_t length);

// Compares [offset, offset + length) of source and copy, read into the two
// buffers. Returns false after failing the transfer.
Task<bool> verify_block(Job& job, Transfer& transfer, std::span<std::byte> source_buffer,
                        std::span<std::byte> target_buffer, uint64_t offset, size_t length);

}  // namespace cio::copier
