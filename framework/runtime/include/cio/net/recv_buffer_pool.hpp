/// @file
/// RecvBufferPool: one shard's provided-buffer ring for multishot receives
/// (see MultishotRecv), registered with the calling thread's runtime driver.
/// The kernel lends a buffer per received chunk; the receiver gives it back
/// with release() once the bytes are used. A receiver whose op ended because
/// the ring ran dry waits here until some buffer comes back. Everything is
/// allocated at create(); lending and releasing allocate nothing.
///
///   auto pool = cio::net::RecvBufferPool::create(1, 1024, 4096);  // 4 MiB
///   if (!pool) ...  // operation_not_supported on epoll: use plain reads
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include <cio/driver/buffer_ring.hpp>
#include <cio/driver/result.hpp>

namespace cio::net {

class MultishotRecv;

/// A run of received bytes in pool buffer `id`. length 0 marks end of stream.
struct RecvChunk {
  uint16_t id = 0;      ///< The pool buffer holding the bytes (see RecvBufferPool::bytes()).
  uint32_t length = 0;  ///< Bytes received; 0 at end of stream (no buffer: do not release).
};

/// A ring of equal receive buffers the kernel picks from, shared by a
/// shard's MultishotRecv receivers. Belongs to the shard that created it;
/// destroy it there, after its receivers.
class RecvBufferPool {
 public:
  /// `count` buffers (a power of two, at most 32768) of `size` bytes under
  /// buffer group `group`, registered with the current runtime's driver.
  /// Errors named "register buffer ring": operation_not_supported where the
  /// backend has no multishot recv (epoll), invalid_argument for a bad count
  /// or size, or the kernel's error (a group already registered, ENOMEM).
  static Result<std::unique_ptr<RecvBufferPool>> create(uint16_t group, uint32_t count,
                                                        uint32_t size);
  /// Unregisters the ring. No MultishotRecv may use the pool any more.
  ~RecvBufferPool();
  RecvBufferPool(const RecvBufferPool&) = delete;             ///< The kernel points into it.
  RecvBufferPool& operator=(const RecvBufferPool&) = delete;  ///< The kernel points into it.

  /// The buffer group id the ring is registered under.
  uint16_t group() const noexcept { return ring_.group(); }
  /// Number of buffers.
  uint32_t count() const noexcept { return ring_.count(); }
  /// Bytes per buffer: the most one chunk can hold.
  uint32_t buffer_size() const noexcept { return ring_.buffer_size(); }
  /// Buffers lent out and not released yet.
  uint32_t lent() const noexcept { return lent_; }

  /// The received bytes of `chunk`; valid until the chunk is released.
  std::span<std::byte> bytes(RecvChunk chunk) const noexcept {
    return ring_.buffer(chunk.id, chunk.length);
  }

 private:
  friend class MultishotRecv;
  RecvBufferPool(uint16_t group, uint32_t count, uint32_t size);

  // A buffer came back from the kernel with `length` bytes.
  void lend(uint16_t id, uint32_t length) noexcept;
  // Gives buffer `id` back to the kernel and lets one starved receiver retry.
  void release(uint16_t id) noexcept;
  // Gives back a buffer the kernel picked but filled with nothing (never lent).
  void discard(uint16_t id) noexcept { ring_.recycle(id); }
  // Per buffer: its length and the next buffer of the same receiver's
  // queue (a receiver keeps only head and tail: no queue to allocate).
  uint32_t length(uint16_t id) const noexcept { return slots_[id].length; }
  uint16_t next(uint16_t id) const noexcept { return slots_[id].next; }
  void link(uint16_t id, uint16_t next) noexcept { slots_[id].next = next; }
  // Receivers that ran the ring dry, woken one per released buffer.
  void wait_for_buffer(MultishotRecv& receiver) noexcept;
  void forget(MultishotRecv& receiver) noexcept;

  struct Slot {
    uint32_t length = 0;
    uint16_t next = 0;
  };

  BufferRing ring_;
  std::unique_ptr<Slot[]> slots_;
  uint32_t lent_ = 0;
  MultishotRecv* starved_head_ = nullptr;
  MultishotRecv* starved_tail_ = nullptr;
};

}  // namespace cio::net
