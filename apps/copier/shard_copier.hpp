// ShardCopier: the copy on one shard. `queue-depth` lanes, each a coroutine
// owning one block buffer (two with --verify), claim blocks from the
// shard's open transfers, oldest first; a lane that finds none opens the
// next piece the Job hands out. So one large file keeps every lane busy
// with its blocks, and small files are opened, copied and closed
// queue-depth at a time. Per block: the read and write ops, no allocation
// (a lane's buffer grows to the largest block it has seen, at most
// --block-size, so small files never touch a large buffer).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include <cio/core/task.hpp>
#include <cio/fs/aligned_buffer.hpp>
#include <cio/fs/registered_buffers.hpp>
#include <cio/sync/event.hpp>
#include <cio/sync/gate.hpp>

#include "job.hpp"
#include "transfer.hpp"

namespace cio::copier {

class ShardCopier {
 public:
  // With --fixed-buffers, allocates and registers the lanes' buffers at
  // once (on the calling shard, so they are its memory; throws
  // std::system_error when memory runs out); otherwise they are allocated
  // as blocks need them.
  explicit ShardCopier(Job& job);
  ShardCopier(const ShardCopier&) = delete;
  ShardCopier& operator=(const ShardCopier&) = delete;

  // Runs until the plan is complete and no piece is left (or the job is
  // cancelled), and every transfer of this shard is finished.
  Task<void> run();

 private:
  struct Lane {
    fs::AlignedBuffer data;
    fs::AlignedBuffer check;             // --verify: the copy's side
    std::optional<uint16_t> data_index;  // --fixed-buffers: registered-buffer indices
    std::optional<uint16_t> check_index;
  };
  // A block to work on; length 0: only hold the transfer (to finish it).
  struct Claim {
    Transfer* transfer = nullptr;
    uint64_t offset = 0;
    size_t length = 0;
  };

  // --fixed-buffers: registers every lane's buffers with this shard's
  // driver, or warns (once per job) and leaves them plain.
  void register_buffers();
  Task<void> run_lane(Lane& lane, sync::Gate::Holder held);
  // While the plan is still growing, wakes the lanes now and then to claim
  // what was published (shard 0 walks; nothing crosses shards but the Job).
  Task<void> watch_plan(sync::Gate::Holder held);
  Claim claim_block() noexcept;
  // Grows the lane's buffers to hold `length` bytes; false after failing
  // the transfer when memory runs out.
  bool fit(Lane& lane, Transfer& transfer, size_t length);
  Task<void> work(Lane& lane, Claim claim);
  Task<void> start(const Piece& piece);
  // Drops one holder; the last one, with no block left, moves the transfer
  // on to verification or finishes it.
  Task<void> release(Transfer& transfer);
  // Wakes the lanes waiting for something to claim.
  void notify() noexcept;

  Job& job_;
  std::vector<Lane> lanes_;
  fs::RegisteredBuffers registered_;             // after lanes_: unregistered before they are freed
  std::vector<std::unique_ptr<Transfer>> live_;  // opened, not finished
  sync::Event changed_;
  sync::Gate gate_;
  size_t opening_ = 0;
  bool pieces_left_ = true;
};

}  // namespace cio::copier
