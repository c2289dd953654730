#include "piece_feed.hpp"

#include <utility>

namespace cio::copier {

void PieceFeed::publish(std::vector<Piece> pieces) {
  if (pieces.empty()) return;
  Batch& batch = batches_.emplace_back();
  batch.pieces = std::move(pieces);
  // Release: a shard that finds the batch sees its pieces and what they
  // point to (the plan's entries, the split files).
  tail_->later.store(&batch, std::memory_order_release);
  tail_ = &batch;
}

const Piece* PieceFeed::take() noexcept {
  Batch* batch = current_.load(std::memory_order_acquire);
  for (;;) {
    // Checked first, so that the shards leave a drained batch's line alone.
    if (batch->next.load(std::memory_order_relaxed) < batch->pieces.size()) {
      const size_t index = batch->next.fetch_add(1, std::memory_order_relaxed);
      if (index < batch->pieces.size()) return &batch->pieces[index];
    }
    Batch* later = batch->later.load(std::memory_order_acquire);
    if (later == nullptr) return nullptr;
    // On failure another shard moved it on: `batch` is reloaded.
    if (current_.compare_exchange_strong(batch, later, std::memory_order_acq_rel)) batch = later;
  }
}

}  // namespace cio::copier
