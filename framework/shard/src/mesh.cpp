#include "mesh.hpp"

namespace cio::shard::detail {

Mesh::Mesh(unsigned shards, size_t ring_capacity) : ring_capacity_(ring_capacity) {
  for (unsigned i = 0; i < shards; ++i) receivers_.push_back(std::make_unique<Receiver>());
}

void Mesh::attach(unsigned shard, Driver& driver) {
  Receiver& self = receiver(shard);
  self.driver = &driver;
  self.inbound.resize(size());
  for (unsigned from = 0; from < size(); ++from) {
    if (from != shard) self.inbound[from] = std::make_unique<MessageRing>(ring_capacity_);
  }
}

// The first failure wins; its text is read after the start barrier.
void Mesh::fail(unsigned shard, const std::string& why) {
  if (!failure_taken_.test_and_set(std::memory_order_acq_rel)) {
    failure_ = "shard " + std::to_string(shard) + ": " + why;
  }
  failed_.store(true, std::memory_order_release);
}

}  // namespace cio::shard::detail
