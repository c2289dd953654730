// ConnectionLimit: the per-process cap on open connections (echo
// .max_connections), shared by every shard. One atomic add per accepted
// connection and one subtract when it ends; nothing per byte.
#pragma once

#include <atomic>
#include <cstdint>

namespace cio::echo {

class ConnectionLimit {
 public:
  explicit ConnectionLimit(uint32_t max) noexcept : max_(max) {}
  ConnectionLimit(const ConnectionLimit&) = delete;
  ConnectionLimit& operator=(const ConnectionLimit&) = delete;

  // Counts a new connection in; false (and not counted) when `max` are open.
  bool try_enter() noexcept {
    const uint32_t before = open_.fetch_add(1, std::memory_order_relaxed);
    if (max_ == 0 || before < max_) return true;
    open_.fetch_sub(1, std::memory_order_relaxed);
    return false;
  }
  void leave() noexcept { open_.fetch_sub(1, std::memory_order_relaxed); }
  uint32_t open() const noexcept { return open_.load(std::memory_order_relaxed); }

 private:
  const uint32_t max_;
  alignas(64) std::atomic<uint32_t> open_{0};
};

}  // namespace cio::echo
