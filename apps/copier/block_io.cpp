#include "block_io.hpp"

#include <algorithm>
#include <cstring>

namespace cio::copier {
namespace {

// `length` rounded up to the file's O_DIRECT alignment (unchanged without).
size_t aligned(const fs::File& file, size_t length) {
  const size_t alignment = file.direct_alignment();
  return alignment == 0 ? length : (length + alignment - 1) / alignment * alignment;
}

bool all_zero(std::span<const std::byte> data) {
  return data.empty() || (data[0] == std::byte{0} &&
                          std::memcmp(data.data(), data.data() + 1, data.size() - 1) == 0);
}

// Fills the first `length` bytes of `buffer` from `file` at `offset`. With
// O_DIRECT it asks for whole aligned blocks; the file's end makes the last
// read short. Returns false after failing the transfer.
Task<bool> read_block(Job& job, Transfer& transfer, fs::File& file, const std::string& path,
                      BlockBuffer buffer, uint64_t offset, size_t length) {
  size_t done = 0;
  while (done < length) {
    const size_t want = std::min(aligned(file, length - done), buffer.bytes.size() - done);
    const std::span<std::byte> piece = buffer.bytes.subspan(done, want);
    Result<size_t> got = size_t{0};
    if (buffer.registered) {
      got = co_await file.read_fixed_at(piece, offset + done, *buffer.registered);
    } else {
      got = co_await file.read_at(piece, offset + done);
    }
    if (!got) {
      fail_transfer(job, transfer, "error reading '" + path + "': " + got.error().message());
      co_return false;
    }
    if (*got == 0) {
      fail_transfer(job, transfer, "'" + path + "' ended early: it changed while being copied");
      co_return false;
    }
    done += *got;
  }
  co_return true;
}

// Writes the first `length` bytes of `buffer` (rounded up to the O_DIRECT
// alignment: the file's size is set when the transfer finishes).
Task<bool> write_block(Job& job, Transfer& transfer, BlockBuffer buffer, uint64_t offset,
                       size_t length) {
  length = aligned(transfer.target, length);
  size_t done = 0;
  while (done < length) {
    const std::span<const std::byte> piece(buffer.bytes.data() + done, length - done);
    Result<size_t> put = size_t{0};
    if (buffer.registered) {
      put = co_await transfer.target.write_fixed_at(piece, offset + done, *buffer.registered);
    } else {
      put = co_await transfer.target.write_at(piece, offset + done);
    }
    if (!put) {
      fail_transfer(job, transfer,
                    "error writing '" + transfer.entry.destination + "': " + put.error().message());
      co_return false;
    }
    done += *put;
  }
  co_return true;
}

}  // namespace

Task<bool> copy_block(Job& job, Transfer& transfer, BlockBuffer buffer, uint64_t offset,
                      size_t length) {
  const bool read = co_await read_block(job, transfer, transfer.source, transfer.entry.source,
                                        buffer, offset, length);
  if (!read) co_return false;
  if (transfer.sparse && all_zero(buffer.bytes.first(length))) co_return true;
  co_return co_await write_block(job, transfer, buffer, offset, length);
}

Task<bool> verify_block(Job& job, Transfer& transfer, BlockBuffer source_buffer,
                        BlockBuffer target_buffer, uint64_t offset, size_t length) {
  const bool source_read = co_await read_block(
      job, transfer, transfer.source, transfer.entry.source, source_buffer, offset, length);
  if (!source_read) co_return false;
  const bool target_read = co_await read_block(
      job, transfer, transfer.target, transfer.entry.destination, target_buffer, offset, length);
  if (!target_read) co_return false;
  if (std::memcmp(source_buffer.bytes.data(), target_buffer.bytes.data(), length) == 0) {
    co_return true;
  }
  fail_transfer(job, transfer,
                "verify: '" + transfer.entry.destination + "' differs from '" +
                    transfer.entry.source + "' in the block at offset " + std::to_string(offset));
  co_return false;
}

}  // namespace cio::copier
