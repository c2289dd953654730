/// @file
/// BufferRing: a provided-buffer ring for multishot receives. The caller owns
/// it (the ring and `count` buffers of `size` bytes, allocated here, up front);
/// the kernel picks a buffer per completion and the caller hands it back with
/// recycle() once the bytes are consumed. Register it with
/// Driver::register_buffer_ring before pushing a RecvMultishot on its group.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace cio {

/// A provided-buffer ring (io_uring only): `count` buffers of `size` bytes
/// that the kernel fills for RecvMultishot ops naming its group.
class BufferRing {
 public:
  /// Maps the ring and the buffers and hands every buffer to the kernel.
  /// `count` must be a power of two, at most 32768, and `size` positive.
  /// Throws std::system_error when the memory cannot be mapped,
  /// std::invalid_argument on a bad count or size.
  BufferRing(uint16_t group, uint32_t count, uint32_t size);
  /// Unmaps the memory. Unregister the ring from its driver first.
  ~BufferRing();
  /// Not copyable: the kernel holds the ring's addresses.
  BufferRing(const BufferRing&) = delete;
  /// Not copyable: the kernel holds the ring's addresses.
  BufferRing& operator=(const BufferRing&) = delete;

  /// The buffer group id: RecvMultishot::group names the ring by it.
  uint16_t group() const noexcept { return group_; }
  /// How many buffers the ring has (buffer ids are 0 .. count() - 1).
  uint32_t count() const noexcept { return count_; }
  /// Bytes per buffer: the most one RecvMultishot entry can carry.
  uint32_t buffer_size() const noexcept { return size_; }

  /// The bytes of buffer `id`, as the kernel filled them (first `length`).
  std::span<std::byte> buffer(uint16_t id, uint32_t length) const noexcept {
    return {data_ + size_t{id} * size_, length};
  }
  /// Gives buffer `id` back to the kernel. Publishes at once.
  void recycle(uint16_t id) noexcept;
  /// Batched form: stage several ids, then publish them with one store.
  void stage(uint16_t id) noexcept;
  /// Makes every id staged since the last publish visible to the kernel.
  void publish() noexcept;

  /// For the driver: the ring memory the kernel reads.
  void* ring_memory() const noexcept { return ring_; }

 private:
  uint16_t group_;
  uint32_t count_;
  uint32_t size_;
  uint32_t staged_ = 0;
  void* ring_ = nullptr;
  size_t ring_bytes_ = 0;
  std::byte* data_ = nullptr;
};

}  // namespace cio
