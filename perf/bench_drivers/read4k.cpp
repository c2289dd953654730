// drivers.read4k.batch32: 4 KiB ReadAt from a page-cached 64 MiB file
// through cio::Driver (io_uring) against raw liburing on a ring with the
// same setup flags. Both sides read the same pseudo-random block sequence
// into the same buffers and check every block's contents.
#include <liburing.h>

#include <optional>
#include <string>
#include <vector>

#include <cio/driver/driver.hpp>
#include <cio/driver/ops.hpp>

#include "cases.hpp"
#include "driver_batch.hpp"
#include "fd_guard.hpp"
#include "page_file.hpp"
#include "raw_ring.hpp"

namespace cio::bench {
namespace {

constexpr uint32_t kBatch = 32;

class ReadWorkload final : public perf::Workload {
 public:
  explicit ReadWorkload(uint32_t batch)
      : offsets_(CachedFile::shared().offsets()),
        ours_fd_(CachedFile::shared().open_fd()),
        base_fd_(CachedFile::shared().open_fd()),
        buffers_(batch),
        out_(batch),
        once_(batch) {
    emplace_driver(driver_, {.backend = BackendKind::io_uring});
    (void)driver_->submit(std::chrono::nanoseconds(0), out_);  // flush the wake read
    const Fd fd = driver_->attach(ours_fd_.get()).value();
    ops_.reserve(batch);
    for (uint32_t i = 0; i < batch; ++i) ops_.emplace_back(fd, buffers_.block(i), kBlockSize, 0);
    raw_.emplace(driver_->setup());
  }

  uint64_t run_ours(uint64_t rounds) override {
    size_t next = 0;
    for (uint64_t r = 0; r < rounds; ++r) {
      for (ReadAt& op : ops_) op.offset = offsets_[next++ & kOffsetMask];
      drive_batch(*driver_, std::span(ops_), std::span(out_), once_, [this](const Entry& entry) {
        const ReadAt& op = ops_[entry.user_data];
        return entry.result == static_cast<int32_t>(kBlockSize) &&
               CachedFile::holds(op.buf, op.offset);
      });
    }
    return rounds * ops_.size();
  }

  uint64_t run_baseline(uint64_t rounds) override {
    const auto batch = static_cast<uint32_t>(ops_.size());
    const int fd = base_fd_.get();
    size_t next = 0;
    for (uint64_t r = 0; r < rounds; ++r) {
      const size_t first = next;
      next += batch;
      auto offset = [&](uint64_t i) { return offsets_[(first + i) & kOffsetMask]; };
      raw_->batch(
          batch, once_,
          [&](io_uring_sqe* sqe, uint32_t i) {
            io_uring_prep_read(sqe, fd, buffers_.block(i), kBlockSize, offset(i));
          },
          [&](uint64_t i, int32_t res) {
            return res == static_cast<int32_t>(kBlockSize) &&
                   CachedFile::holds(buffers_.block(static_cast<uint32_t>(i)), offset(i));
          });
    }
    return rounds * batch;
  }

 private:
  const std::vector<uint64_t>& offsets_;
  FdGuard ours_fd_;
  FdGuard base_fd_;
  BlockBuffers buffers_;
  // Declared before the driver, which drains ops still in flight when it dies.
  std::vector<ReadAt> ops_;
  std::vector<Entry> out_;
  OnceCheck once_;
  std::optional<Driver> driver_;
  std::optional<RawRing> raw_;
};

}  // namespace

void add_read4k_cases(std::vector<perf::Comparison>& out) {
  out.push_back({"drivers.read4k.batch32", ">=0.95",
                 "4 KiB reads at random offsets of a page-cached 64 MiB file, 32 per submit",
                 "cio::Driver (io_uring)", "raw liburing (same setup flags)",
                 [] { return std::make_unique<ReadWorkload>(kBatch); }});
}

}  // namespace cio::bench
