/// @file
/// AlignedBuffer: heap memory whose address is a multiple of a given
/// alignment, as O_DIRECT needs (use File::direct_alignment()). Move-only;
/// a moved-from buffer is empty.
#pragma once

#include <cstddef>
#include <memory>
#include <span>

#include <cio/driver/result.hpp>

namespace cio::fs {

/// An owned, aligned heap block of fixed size (freed with free()). Plain
/// memory: any thread may use it.
class AlignedBuffer {
 public:
  /// An empty buffer: data() is nullptr, size() 0.
  AlignedBuffer() noexcept = default;

  /// `size` bytes (zeroed) at a multiple of `alignment` (a power of two, at
  /// least sizeof(void*)). Errors named "posix_memalign": invalid_argument
  /// (bad alignment), not_enough_memory.
  static Result<AlignedBuffer> allocate(size_t size, size_t alignment = 4096);

  std::byte* data() noexcept { return memory_.get(); }              ///< The first byte (aligned).
  const std::byte* data() const noexcept { return memory_.get(); }  ///< The first byte (aligned).
  size_t size() const noexcept { return size_; }                    ///< Bytes usable, as requested.
  /// The whole buffer, to pass to File reads.
  std::span<std::byte> span() noexcept { return {data(), size_}; }
  /// The whole buffer, read-only, to pass to File writes.
  std::span<const std::byte> span() const noexcept { return {data(), size_}; }

 private:
  struct Free {
    void operator()(std::byte* memory) const noexcept;
  };

  std::unique_ptr<std::byte, Free> memory_;
  size_t size_ = 0;
};

}  // namespace cio::fs
