// One block of a transfer: copied (read, then written unless it is a zero
// block of a sparse source) or verified (both sides read and compared).
// The buffers belong to the calling lane; nothing is allocated.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include <cio/core/task.hpp>

#include "transfer.hpp"

namespace cio::copier {

// A lane's block (aligned for O_DIRECT) and, with --fixed-buffers, its
// index among the shard's registered buffers: reads and writes then use
// the fixed-buffer ops.
struct BlockBuffer {
  std::span<std::byte> bytes;
  std::optional<uint16_t> registered;
};

// Copies [offset, offset + length) through `buffer`. Returns false after
// failing the transfer.
Task<bool> copy_block(Job& job, Transfer& transfer, BlockBuffer buffer, uint64_t offset,
                      size_t length);

// Compares [offset, offset + length) of source and copy, read into the two
// buffers. Returns false after failing the transfer.
Task<bool> verify_block(Job& job, Transfer& transfer, BlockBuffer source_buffer,
                        BlockBuffer target_buffer, uint64_t offset, size_t length);

}  // namespace cio::copier
