#include "block_io.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>

#include "planner.hpp"

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

// A read into the mapped target fails with EFAULT where the kernel cannot
// provide the target's page (mapped_range.hpp): a write error.
std::string read_failure(const Transfer& transfer, const std::string& path, std::error_code error) {
  if (transfer.mapped.mapped() && error == std::errc::bad_address) {
    return "error writing '" + transfer.entry.destination + "': " + error.message() +
           " (reading into its mapping)";
  }
  return "error reading '" + path + "': " + error.message();
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
      fail_transfer(job, transfer, read_failure(transfer, path, got.error()));
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

// --sync: queues the block for writeback now (sync_file_range), so that
// the disk works while the copy goes on instead of all at the final fsync.
Task<bool> written_back(Job& job, Transfer& transfer, uint64_t offset, size_t length) {
  if (!transfer.start_writeback) co_return true;
  Result<void> started = co_await transfer.target.sync_range(offset, static_cast<uint32_t>(length));
  if (started) co_return true;
  fail_transfer(job, transfer,
                "error syncing '" + transfer.entry.destination + "': " + started.error().message());
  co_return false;
}

enum class RangeCopy { done, failed, unsupported };

// The errors of a filesystem (pair) that cannot copy_file_range.
bool lacks_range_copy(int error) {
  return error == EXDEV || error == EINVAL || error == EOPNOTSUPP || error == ENOSYS;
}

// Copies the block with copy_file_range(2), on the shard's thread, where
// --data-path chose it (data_path.hpp). `unsupported` turns it off for the
// transfer; the caller copies the block again through the ring.
RangeCopy copy_range(Job& job, Transfer& transfer, uint64_t offset, size_t length) {
  for (size_t done = 0; done < length;) {
    auto in = static_cast<off_t>(offset + done);
    auto out = in;
    const ssize_t copied =
        ::copy_file_range(transfer.source.native_handle(), &in, transfer.target.native_handle(),
                          &out, length - done, 0);
    if (copied > 0) {
      done += static_cast<size_t>(copied);
      continue;
    }
    const int error = copied == 0 ? 0 : errno;
    if (error == EINTR) continue;
    if (lacks_range_copy(error)) {
      transfer.copy_range = false;
      return RangeCopy::unsupported;
    }
    const std::string& source = transfer.entry.source;
    const std::string& target = transfer.entry.destination;
    if (error == 0) {
      fail_transfer(job, transfer, "'" + source + "' ended early: it changed while being copied");
    } else if (error == ENOSPC || error == EFBIG || error == EDQUOT) {
      fail_transfer(job, transfer, "error writing '" + target + "': " + error_text(error));
    } else {
      fail_transfer(job, transfer,
                    "error copying '" + source + "' to '" + target + "': " + error_text(error));
    }
    return RangeCopy::failed;
  }
  return RangeCopy::done;
}

}  // namespace

Task<bool> copy_block(Job& job, Transfer& transfer, BlockBuffer buffer, uint64_t offset,
                      size_t length) {
  if (!transfer.contents.empty()) {  // read when opened (transfer.cpp)
    std::memcpy(buffer.bytes.data(), transfer.contents.data() + offset, length);
    const bool written = co_await write_block(job, transfer, buffer, offset, length);
    if (!written) co_return false;
    co_return co_await written_back(job, transfer, offset, length);
  }
  if (transfer.mapped.mapped()) {
    const BlockBuffer window{transfer.mapped.window(offset, length), std::nullopt};
    const bool filled = co_await read_block(job, transfer, transfer.source, transfer.entry.source,
                                            window, offset, length);
    if (!filled) co_return false;
    co_return co_await written_back(job, transfer, offset, length);
  }
  const RangeCopy range =
      transfer.copy_range ? copy_range(job, transfer, offset, length) : RangeCopy::unsupported;
  if (range == RangeCopy::failed) co_return false;
  if (range == RangeCopy::done) co_return co_await written_back(job, transfer, offset, length);
  const bool read = co_await read_block(job, transfer, transfer.source, transfer.entry.source,
                                        buffer, offset, length);
  if (!read) co_return false;
  if (transfer.sparse && all_zero(buffer.bytes.first(length))) co_return true;
  const bool written = co_await write_block(job, transfer, buffer, offset, length);
  if (!written) co_return false;
  co_return co_await written_back(job, transfer, offset, length);
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
