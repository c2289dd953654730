/// @file
/// ReadyQueue: the shard's FIFO of coroutines ready to run. A power-of-two
/// ring that doubles when full (rare; amortised no allocation), no locks, no
/// atomics: only its own shard touches it.
#pragma once

#include <coroutine>
#include <cstddef>
#include <vector>

namespace cio {

/// FIFO of coroutine handles to resume; the Runtime keeps one (plus one for
/// coroutines that yielded). Single-threaded: touch it from its shard only.
class ReadyQueue {
 public:
  /// Room for `capacity` handles (rounded up to a power of two) before it grows.
  explicit ReadyQueue(size_t capacity = 1024);

  /// Appends `handle`, doubling the ring if full (may throw std::bad_alloc).
  void push(std::coroutine_handle<> handle) {
    if (size_ == slots_.size()) grow();
    slots_[(head_ + size_) & (slots_.size() - 1)] = handle;
    ++size_;
  }
  /// Removes and returns the oldest handle. Precondition: !empty().
  std::coroutine_handle<> pop() noexcept {
    std::coroutine_handle<> handle = slots_[head_];
    head_ = (head_ + 1) & (slots_.size() - 1);
    --size_;
    return handle;
  }
  bool empty() const noexcept { return size_ == 0; }  ///< True when nothing is queued.
  size_t size() const noexcept { return size_; }      ///< Handles queued.

 private:
  void grow();

  std::vector<std::coroutine_handle<>> slots_;
  size_t head_ = 0;
  size_t size_ = 0;
};

}  // namespace cio
