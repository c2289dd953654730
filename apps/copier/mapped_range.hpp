// MappedRange: a range of a split file's temporary, mapped shared so that
// the source is read straight into it (block_io.cpp): one copy, and no
// write. Why: ext4 (and tmpfs, XFS) take a file's inode lock for every
// buffered write, so the shards' writes into one file run one at a time,
// while page faults in a shared mapping do not take that lock. The first
// range of a split file is still written (a write needs no zero-filled
// page first); the others are mapped and filled alongside it.
//
// Only the kernel writes into the mapping (a read does), so a page it
// cannot provide fails that read with EFAULT; it never raises SIGBUS. The
// caller allocates the range's blocks first (fallocate), so running out of
// space is an error there and not a failed fault.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include <cio/driver/result.hpp>

namespace cio::copier {

class MappedRange {
 public:
  MappedRange() = default;
  // Maps [begin, end) of `fd`, which must be open for reading and writing.
  static Result<MappedRange> map(int fd, uint64_t begin, uint64_t end) noexcept;
  ~MappedRange();
  MappedRange(MappedRange&& other) noexcept;
  MappedRange& operator=(MappedRange&& other) noexcept;
  MappedRange(const MappedRange&) = delete;
  MappedRange& operator=(const MappedRange&) = delete;

  bool mapped() const noexcept { return base_ != nullptr; }
  // The file's bytes [offset, offset + length); they must lie in the range.
  std::span<std::byte> window(uint64_t offset, size_t length) const noexcept {
    return {base_ + (offset - start_), length};
  }
  // Unmaps now (pages written through it stay dirty in the page cache).
  void reset() noexcept;

 private:
  std::byte* base_ = nullptr;  // maps the file from start_ (begin rounded down to a page)
  size_t size_ = 0;
  uint64_t start_ = 0;
};

}  // namespace cio::copier
