// Tracked: a lifetime-counting value. Every object made (constructed,
// copied or moved) must be destroyed exactly once; a second destruction of
// the same object, or a use after it, is counted instead of going unseen.
// Thread-safe: objects cross shards.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

namespace cio::testing {

struct TrackedCounts {
  std::atomic<int64_t> made{0};
  std::atomic<int64_t> destroyed{0};
  std::atomic<int64_t> misused{0};  // destroyed twice, or read after destruction

  int64_t live() const { return made.load() - destroyed.load(); }
};

class Tracked {
 public:
  explicit Tracked(TrackedCounts& counts, int value = 0) : counts_(&counts), value_(value) {
    counts_->made.fetch_add(1);
  }
  Tracked(const Tracked& other) : counts_(other.counts_), value_(other.value()) {
    counts_->made.fetch_add(1);
  }
  Tracked(Tracked&& other) noexcept : counts_(other.counts_), value_(other.value()) {
    counts_->made.fetch_add(1);
  }
  Tracked& operator=(const Tracked&) = delete;
  Tracked& operator=(Tracked&&) noexcept = default;
  ~Tracked() {
    if (state_ != kAlive) {
      counts_->misused.fetch_add(1);
      return;
    }
    state_ = kDead;
    counts_->destroyed.fetch_add(1);
  }

  int value() const {
    if (state_ != kAlive) counts_->misused.fetch_add(1);
    return value_;
  }

 private:
  static constexpr uint64_t kAlive = 0x7a11ed0b1ec7ull;
  static constexpr uint64_t kDead = 0xdeadull;

  TrackedCounts* counts_;
  int value_;
  uint64_t state_ = kAlive;
};

}  // namespace cio::testing
