#include "shard_copier.hpp"

#include <algorithm>
#include <chrono>
#include <system_error>

#include <cio/core/runtime.hpp>
#include <cio/shard/shard.hpp>
#include <cio/time/sleep.hpp>

#include "block_io.hpp"

namespace cio::copier {
namespace {

// 4 KiB covers the O_DIRECT alignment of common devices and filesystems.
constexpr size_t kBufferAlignment = 4096;
// How often idle lanes look for pieces while shard 0 is still walking.
constexpr auto kPlanPoll = std::chrono::microseconds(100);

fs::AlignedBuffer allocate(size_t size) {
  Result<fs::AlignedBuffer> buffer = fs::AlignedBuffer::allocate(size, kBufferAlignment);
  if (!buffer) throw std::system_error(buffer.error(), "allocating copy buffers");
  return std::move(*buffer);
}

// Grows `buffer` to at least `length` bytes: to twice its size or more, so
// that files of slowly growing sizes do not reallocate every time.
Result<void> grow(fs::AlignedBuffer& buffer, size_t length, size_t block) {
  if (buffer.size() >= length) return {};
  const size_t rounded = (length + kMinBlock - 1) / kMinBlock * kMinBlock;
  const size_t size = std::min(block, std::max(rounded, 2 * buffer.size()));
  Result<fs::AlignedBuffer> grown = fs::AlignedBuffer::allocate(size, kBufferAlignment);
  if (!grown) return Result<void>(grown.error());
  buffer = std::move(*grown);
  return {};
}

}  // namespace

ShardCopier::ShardCopier(Job& job) : job_(job) {
  lanes_.resize(job.options().queue_depth);
  if (!job.options().fixed_buffers) return;
  const size_t block = job.block_size();
  for (Lane& lane : lanes_) {
    lane.data = allocate(block);
    if (job.options().verify) lane.check = allocate(block);
  }
  register_buffers();
}

void ShardCopier::register_buffers() {
  std::vector<iovec> memory;
  for (Lane& lane : lanes_) {
    memory.push_back({lane.data.data(), lane.data.size()});
    if (lane.check.size() > 0) memory.push_back({lane.check.data(), lane.check.size()});
  }
  Result<fs::RegisteredBuffers> registered = fs::RegisteredBuffers::create(memory);
  if (!registered) {
    job_.fixed_buffers_refused(std::to_string(memory.size()) +
                               " buffers: " + registered.error().message());
    return;
  }
  registered_ = std::move(*registered);
  uint16_t index = 0;
  for (Lane& lane : lanes_) {
    lane.data_index = index++;
    if (lane.check.size() > 0) lane.check_index = index++;
  }
}

Task<void> ShardCopier::run() {
  if (auto held = gate_.enter(); held) spawn(watch_plan(std::move(*held)));
  for (Lane& lane : lanes_) {
    if (auto held = gate_.enter(); held) spawn(run_lane(lane, std::move(*held)));
  }
  Result<void> closed = co_await gate_.close();
  (void)closed;  // no stop token: it only ends when the lanes have
}

Task<void> ShardCopier::run_lane(Lane& lane, sync::Gate::Holder) {
  for (;;) {
    const Claim claim = claim_block();
    if (claim.transfer != nullptr) {
      co_await work(lane, claim);
      co_await release(*claim.transfer);
      continue;
    }
    const bool planned = job_.planned();  // before the claim: see Job::planned()
    const Piece* piece = pieces_left_ ? job_.claim() : nullptr;
    pieces_left_ = piece != nullptr || !planned;
    if (piece != nullptr) {
      co_await start(*piece);
    } else if (!pieces_left_ && opening_ == 0 && live_.empty()) {
      co_return;
    } else {
      Result<void> woken = co_await changed_.wait();
      (void)woken;  // no stop token: always set
    }
  }
}

Task<void> ShardCopier::watch_plan(sync::Gate::Holder) {
  while (!job_.planned()) {
    Result<void> slept = co_await time::sleep(kPlanPoll);
    (void)slept;  // no stop token: the walk always finishes the plan
    notify();
  }
  notify();
}

ShardCopier::Claim ShardCopier::claim_block() noexcept {
  for (const auto& live : live_) {
    Transfer& transfer = *live;
    if (transfer.exhausted()) continue;
    ++transfer.holders;
    const bool doomed = transfer.split != nullptr && transfer.split->failed.load();
    if (job_.cancelled() || doomed) {
      abandon_transfer(transfer);
      return Claim{&transfer, 0, 0};
    }
    const uint64_t offset = transfer.next;
    const size_t length = static_cast<size_t>(std::min(job_.block_size(), transfer.end - offset));
    transfer.next += length;
    return Claim{&transfer, offset, length};
  }
  return {};
}

Task<void> ShardCopier::work(Lane& lane, Claim claim) {
  Transfer& transfer = *claim.transfer;
  if (claim.length == 0 || !fit(lane, transfer, claim.length)) co_return;
  if (transfer.phase == Transfer::Phase::verify) {
    const bool same =
        co_await verify_block(job_, transfer, {lane.data.span(), lane.data_index},
                              {lane.check.span(), lane.check_index}, claim.offset, claim.length);
    (void)same;  // a difference failed the transfer
    co_return;
  }
  const bool copied = co_await copy_block(job_, transfer, {lane.data.span(), lane.data_index},
                                          claim.offset, claim.length);
  if (!copied) co_return;
  ShardTally::add(job_.tally(this_shard()).bytes, claim.length);
  transfer.copied += claim.length;
}

bool ShardCopier::fit(Lane& lane, Transfer& transfer, size_t length) {
  const size_t block = job_.block_size();
  Result<void> grown = grow(lane.data, length, block);
  if (grown && job_.options().verify) grown = grow(lane.check, length, block);
  if (grown) return true;
  fail_transfer(job_, transfer,
                "error copying '" + transfer.entry.source + "': " + grown.error().message() +
                    " (allocating a block buffer)");
  return false;
}

Task<void> ShardCopier::start(const Piece& piece) {
  ++opening_;
  std::unique_ptr<Transfer> opened = co_await open_transfer(job_, piece);
  --opening_;
  if (!opened) {
    notify();
    co_return;
  }
  Transfer& transfer = *opened;
  live_.push_back(std::move(opened));
  ++transfer.holders;
  notify();
  co_await release(transfer);
}

Task<void> ShardCopier::release(Transfer& transfer) {
  if (--transfer.holders > 0 || !transfer.exhausted()) co_return;
  const bool verify = job_.options().verify && transfer.phase == Transfer::Phase::copy;
  if (verify && !transfer.failed && transfer.begin < transfer.end) {
    transfer.phase = Transfer::Phase::verify;
    transfer.next = transfer.begin;
    notify();
    co_return;
  }
  co_await finish_transfer(job_, transfer);
  std::erase_if(live_, [&](const auto& live) { return live.get() == &transfer; });
  notify();
}

void ShardCopier::notify() noexcept {
  changed_.set();
  changed_.reset();
}

}  // namespace cio::copier
