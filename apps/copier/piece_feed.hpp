// PieceFeed: a list of pieces that shard 0 appends to in batches while it
// walks the trees, and that every shard takes from at the same time. A
// batch is immutable once published; the shards take its pieces by
// advancing a shared index, one atomic add per piece.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <vector>

namespace cio::copier {

struct FileEntry;
struct SplitFile;

// A unit of work a shard claims: a whole file (or symlink), or one range of
// a split file.
struct Piece {
  const FileEntry* entry = nullptr;
  uint32_t file = 0;           // the entry's position in the plan (names its temporary)
  SplitFile* split = nullptr;  // a range of this split file; nullptr: the whole file
  uint64_t begin = 0;          // the range of a split piece
  uint64_t end = 0;
};

class PieceFeed {
 public:
  PieceFeed() : tail_(&batches_.emplace_back()), current_(tail_) {}
  PieceFeed(const PieceFeed&) = delete;
  PieceFeed& operator=(const PieceFeed&) = delete;

  // Shard 0 only: appends `pieces` and makes them visible to every shard.
  void publish(std::vector<Piece> pieces);
  // Any shard: the next piece nobody has taken, or nullptr when every
  // published piece is taken (more may be published later).
  const Piece* take() noexcept;

 private:
  struct Batch {
    std::vector<Piece> pieces;
    std::atomic<size_t> next{0};
    std::atomic<Batch*> later{nullptr};
  };

  std::deque<Batch> batches_;  // appended by shard 0 only; batches never move
  Batch* tail_;                // shard 0 only
  // The oldest batch that may have pieces left; only moves forward. On a
  // cache line of its own: every shard reads it for every claim.
  alignas(64) std::atomic<Batch*> current_;
};

}  // namespace cio::copier
