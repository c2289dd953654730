// Transfer: one claimed piece on one shard, from its opens to its placing.
// The lanes of the shard (shard_copier.hpp) claim its blocks; the lane that
// leaves it last, with no block left, finishes it.
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <cio/core/task.hpp>
#include <cio/fs/file.hpp>

#include "job.hpp"
#include "mapped_range.hpp"

namespace cio::copier {

struct Transfer {
  enum class Phase : uint8_t { copy, verify };

  explicit Transfer(const Piece& claimed)
      : piece(claimed), entry(*claimed.entry), split(claimed.split) {}

  const Piece& piece;
  const FileEntry& entry;  // the piece's
  SplitFile* const split;  // the piece's: a range of this split file, or nullptr
  std::string temp;        // the named temporary (see `unnamed`)
  fs::File source;
  fs::File target;
  MappedRange mapped;  // the range of the target that blocks are read into, if mapped
  struct stat source_info {};
  std::vector<std::byte> contents;  // a source whose size said empty, read whole when opened
  uint64_t begin = 0;               // the piece's range
  uint64_t end = 0;
  uint64_t next = 0;    // the next block to claim
  uint64_t copied = 0;  // bytes of its blocks counted in the shard's tally
  Phase phase = Phase::copy;
  uint32_t holders = 0;          // lanes working on it
  bool sparse = false;           // the source has holes: zero blocks are not written
  bool failed = false;           // reported; the rest is skipped and the temporary removed
  bool made_temp = false;        // this transfer created `temp`
  bool unnamed = false;          // `target` has no name yet: linked into place on success
  bool start_writeback = false;  // --sync through the page cache: after each block
  bool copy_range = false;       // blocks go through copy_file_range (block_io.cpp)

  bool exhausted() const noexcept { return failed || next >= end; }
};

// Marks the transfer failed and reports `text`, once per file (the ranges
// of a split file share one report).
void fail_transfer(Job& job, Transfer& transfer, const std::string& text);
// Marks it failed without a report: the job was cancelled.
void abandon_transfer(Transfer& transfer) noexcept;

// Copies a symlink piece, synchronously: readlink, symlink to a temporary
// name, rename. Failures are reported.
void copy_link(Job& job, const Piece& piece);

// Opens the piece's source and target. A failure is reported and leaves
// the transfer `failed` with nothing to claim. A symlink is copied here,
// whole, and yields nullptr.
Task<std::unique_ptr<Transfer>> open_transfer(Job& job, const Piece& piece);

// Ends a transfer nobody holds any more: on success flushes (--sync), sets
// metadata (--preserve) and links or renames the temporary into place;
// otherwise removes it. Closes both files either way.
Task<void> finish_transfer(Job& job, Transfer& transfer);

}  // namespace cio::copier
