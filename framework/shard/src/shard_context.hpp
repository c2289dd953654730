// ShardContext: one shard's seat in the mesh. It joins its runtime's loop
// (LoopHooks): each turn it runs the messages that arrived, moves held-back
// sends into rings that have room, publishes what the turn produced and
// wakes receivers that sleep. Lives on its shard's thread.
#pragma once

#include <memory>
#include <optional>

#include <cio/core/completion.hpp>
#include <cio/core/loop_hooks.hpp>
#include <cio/core/runtime.hpp>
#include <cio/driver/ops.hpp>
#include <cio/shard/detail/outgoing.hpp>
#include <cio/shard/metrics.hpp>
#include <cio/sync/event.hpp>

#include "mesh.hpp"

namespace cio::shard::detail {

class ShardContext final : public LoopHooks {
 public:
  ShardContext(Mesh& mesh, unsigned id, Runtime& runtime);
  ~ShardContext();
  ShardContext(const ShardContext&) = delete;
  ShardContext& operator=(const ShardContext&) = delete;

  // The calling thread's context, or nullptr outside a launch.
  static ShardContext* current() noexcept;

  unsigned id() const noexcept { return id_; }
  unsigned shard_count() const noexcept { return mesh_.size(); }
  Runtime& runtime() noexcept { return runtime_; }
  const MeshStats& stats() const noexcept { return stats_; }

  // Into the ring now, if it has room and no older send waits.
  bool try_send_now(unsigned dest, Message& message) noexcept;
  // Waits for ring space in `out`, retried in order each loop turn.
  void hold_back(unsigned dest, Outgoing& out) noexcept;
  void send(unsigned dest, Outgoing& out) noexcept;

  // Shards other than 0 run until asked to stop.
  sync::Event& stop_requested() noexcept { return stop_; }

  void on_turn() noexcept override;
  bool before_sleep() noexcept override;
  void after_sleep() noexcept override;

 private:
  struct Peer;

  void run_inbound() noexcept;
  void push_held_back(Peer& peer) noexcept;
  void publish(Peer& peer) noexcept;
  void wake(Peer& peer) noexcept;
  bool inbound_empty() const noexcept;

  Mesh& mesh_;
  unsigned id_;
  Runtime& runtime_;
  Receiver& self_;
  std::unique_ptr<Peer[]> peers_;
  unsigned held_back_ = 0;  // peers with sends waiting for ring space
  MeshStats stats_;
  sync::Event stop_;
};

}  // namespace cio::shard::detail
