// Mesh: the N x N SPSC message rings of one launch, one per ordered pair of
// shards, plus what a sender needs to know about each receiver (is it
// asleep, how to wake it). Shared by all shard threads of the launch.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <cio/driver/driver.hpp>
#include <cio/shard/message.hpp>
#include <cio/shard/spsc_ring.hpp>

namespace cio::shard::detail {

using MessageRing = SpscRing<Message>;

// One receiver's side. Cache-line aligned: `sleeping` is written by its
// shard and read by every sender.
struct alignas(64) Receiver {
  std::atomic<bool> sleeping{false};
  Driver* driver = nullptr;                           // wake target; set before the start barrier
  std::vector<std::unique_ptr<MessageRing>> inbound;  // [sender]; null for itself
};

class Mesh {
 public:
  Mesh(unsigned shards, size_t ring_capacity);

  unsigned size() const noexcept { return static_cast<unsigned>(receivers_.size()); }
  Receiver& receiver(unsigned shard) noexcept { return *receivers_[shard]; }
  MessageRing& ring(unsigned from, unsigned to) noexcept { return *receivers_[to]->inbound[from]; }

  // Called by shard `shard`'s own thread after it pinned itself and built
  // its runtime, so its inbound rings are first touched on its own core.
  void attach(unsigned shard, Driver& driver);

  // A shard that failed to start records why; the launch is then called off.
  void fail(unsigned shard, const std::string& why);
  bool failed() const noexcept { return failed_.load(std::memory_order_acquire); }
  const std::string& failure() const noexcept { return failure_; }

 private:
  size_t ring_capacity_;
  std::vector<std::unique_ptr<Receiver>> receivers_;
  std::atomic<bool> failed_{false};
  std::atomic_flag failure_taken_ = ATOMIC_FLAG_INIT;
  std::string failure_;
};

}  // namespace cio::shard::detail
