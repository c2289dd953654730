// 4 KiB ReadAt at pseudo-random offsets of a page-cached 64 MiB file through
// cio::Driver against the loop it replaces, on each backend. Both sides read
// the same block sequence into the same buffers and check every block.
//   drivers.read4k.batch32: io_uring against raw liburing on a ring with the
//     same setup flags.
//   drivers.epoll.read4k.batch32: the epoll backend against one plain pread
//     per block. Target >=0.90, not >=0.95: a regular file is always ready,
//     so the emulation performs the same pread per op and adds its completion
//     bookkeeping (queueing, recording the result, copying out an Entry).
#include <liburing.h>
#include <unistd.h>

#include <string>
#include <vector>

#include <cio/driver/driver.hpp>
#include <cio/driver/ops.hpp>

#include "cases.hpp"
#include "driver_batch.hpp"
#include "fd_guard.hpp"
#include "page_file.hpp"
#include "paired.hpp"
#include "raw_ring.hpp"

namespace cio::bench {
namespace {

constexpr uint32_t kBatch = 32;

// Our side on either backend: `batch` reads per submit.
class DriverReads {
 public:
  DriverReads(uint32_t batch, BackendKind backend)
      : offsets_(CachedFile::shared().offsets()),
        fd_(CachedFile::shared().open_fd()),
        buffers_(batch),
        side_(backend, batch) {
    const Fd fd = side_.driver().attach(fd_.get()).value();
    for (uint32_t i = 0; i < batch; ++i) {
      side_.ops().emplace_back(fd, buffers_.block(i), kBlockSize, 0);
    }
  }

  uint64_t run(uint64_t rounds) {
    size_t next = 0;
    for (uint64_t r = 0; r < rounds; ++r) {
      for (ReadAt& op : side_.ops()) op.offset = offsets_[next++ & kOffsetMask];
      side_.round([this](const Entry& entry) {
        const ReadAt& op = side_.ops()[entry.user_data];
        return entry.result == static_cast<int32_t>(kBlockSize) &&
               CachedFile::holds(op.buf, op.offset);
      });
    }
    return rounds * side_.batch();
  }

  uint32_t batch() const noexcept { return side_.batch(); }
  const SetupInfo& setup() noexcept { return side_.driver().setup(); }
  // The baselines read into the same buffers.
  BlockBuffers& buffers() noexcept { return buffers_; }

 private:
  const std::vector<uint64_t>& offsets_;
  FdGuard fd_;
  BlockBuffers buffers_;
  DriverBatch<ReadAt> side_;
};

// What each baseline keeps: the same block sequence, its own descriptor for
// the file, our side's buffers.
class ReadBaseline {
 protected:
  explicit ReadBaseline(DriverReads& ours)
      : offsets_(CachedFile::shared().offsets()),
        fd_(CachedFile::shared().open_fd()),
        buffers_(ours.buffers()),
        batch_(ours.batch()),
        once_(batch_) {}

  const std::vector<uint64_t>& offsets_;
  FdGuard fd_;
  BlockBuffers& buffers_;
  uint32_t batch_;
  OnceCheck once_;
};

class RawRingReads : ReadBaseline {
 public:
  explicit RawRingReads(DriverReads& ours) : ReadBaseline(ours), raw_(ours.setup()) {}

  uint64_t run(uint64_t rounds) {
    const int fd = fd_.get();
    size_t next = 0;
    for (uint64_t r = 0; r < rounds; ++r) {
      const size_t first = next;
      next += batch_;
      auto offset = [&](uint64_t i) { return offsets_[(first + i) & kOffsetMask]; };
      raw_.batch(
          batch_, once_,
          [&](io_uring_sqe* sqe, uint32_t i) {
            io_uring_prep_read(sqe, fd, buffers_.block(i), kBlockSize, offset(i));
          },
          [&](uint64_t i, int32_t res) {
            return res == static_cast<int32_t>(kBlockSize) &&
                   CachedFile::holds(buffers_.block(static_cast<uint32_t>(i)), offset(i));
          });
    }
    return rounds * batch_;
  }

 private:
  RawRing raw_;
};

class PreadReads : ReadBaseline {
 public:
  explicit PreadReads(DriverReads& ours) : ReadBaseline(ours) {}

  uint64_t run(uint64_t rounds) {
    const int fd = fd_.get();
    size_t next = 0;
    for (uint64_t r = 0; r < rounds; ++r) {
      once_.next_round();
      for (uint32_t i = 0; i < batch_; ++i) {
        const uint64_t offset = offsets_[next++ & kOffsetMask];
        char* block = buffers_.block(i);
        const ssize_t n = pread(fd, block, kBlockSize, static_cast<off_t>(offset));
        if (!once_.first_time(i) || n != static_cast<ssize_t>(kBlockSize) ||
            !CachedFile::holds(block, offset)) {
          throw perf::VerifyError("pread at " + std::to_string(offset) + ": " + std::to_string(n));
        }
      }
    }
    return rounds * batch_;
  }
};

}  // namespace

void add_read4k_cases(std::vector<perf::Comparison>& out) {
  out.push_back({"drivers.read4k.batch32", ">=0.95",
                 "4 KiB reads at random offsets of a page-cached 64 MiB file, 32 per submit",
                 "cio::Driver (io_uring)", "raw liburing (same setup flags)", [] {
                   return std::make_unique<Paired<DriverReads, RawRingReads>>(
                       kBatch, BackendKind::io_uring);
                 }});
  out.push_back({"drivers.epoll.read4k.batch32", ">=0.90",
                 "4 KiB reads at random offsets of a page-cached file, epoll backend, 32 per batch",
                 "cio::Driver (epoll)", "plain pread per block", [] {
                   return std::make_unique<Paired<DriverReads, PreadReads>>(kBatch,
                                                                            BackendKind::epoll);
                 }});
}

}  // namespace cio::bench
