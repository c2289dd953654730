// A 64 MiB temporary file in /tmp, read once so that it sits in the page
// cache (it is unlinked at once and lives while the process does), plus the sequence of 4 KiB
// blocks both sides of a read comparison walk. Each block starts with its own index, so a read can
// be checked.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

namespace cio::bench {

inline constexpr uint32_t kBlockSize = 4096;
inline constexpr uint64_t kFileSize = uint64_t{64} << 20;
// How many offsets the sequence holds (a power of two: index & kOffsetMask).
inline constexpr size_t kOffsetCount = size_t{1} << 16;
inline constexpr size_t kOffsetMask = kOffsetCount - 1;

class CachedFile {
 public:
  // The file shared by every read comparison in this process, created and
  // warmed on first use. Throws std::system_error.
  static const CachedFile& shared();

  // A new descriptor for the file (O_RDONLY | O_CLOEXEC); the caller closes it.
  int open_fd() const;

  // Pseudo-random 4 KiB-aligned offsets, the same on every run and side.
  const std::vector<uint64_t>& offsets() const noexcept { return offsets_; }

  // True when `block` holds the block read from `offset`.
  static bool holds(const void* block, uint64_t offset) noexcept {
    uint64_t index = 0;
    std::memcpy(&index, block, sizeof(index));
    return index == offset / kBlockSize;
  }

  ~CachedFile();
  CachedFile(const CachedFile&) = delete;
  CachedFile& operator=(const CachedFile&) = delete;

 private:
  CachedFile();

  int fd_ = -1;
  std::vector<uint64_t> offsets_;
};

// Page-aligned buffers for a batch of 4 KiB reads.
class BlockBuffers {
 public:
  explicit BlockBuffers(uint32_t count);
  char* block(uint32_t index) noexcept { return memory_.get() + size_t{index} * kBlockSize; }

 private:
  struct Free {
    void operator()(char* memory) const noexcept;
  };
  std::unique_ptr<char, Free> memory_;
};

}  // namespace cio::bench
