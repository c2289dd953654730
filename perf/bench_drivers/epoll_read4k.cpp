// drivers.epoll.read4k.batch32: 4 KiB ReadAt from a page-cached file
// through cio::Driver on the epoll backend against one plain pread per
// block. Same block sequence, same buffers, every block checked.
//
// Target >=0.90, not >=0.95: a regular file is always ready, so the
// emulation performs the same pread per op and adds its completion
// bookkeeping (queueing, recording the result, copying out an Entry).
#include <unistd.h>

#include <optional>
#include <string>
#include <vector>

#include <cio/driver/driver.hpp>
#include <cio/driver/ops.hpp>

#include "cases.hpp"
#include "driver_batch.hpp"
#include "fd_guard.hpp"
#include "page_file.hpp"

namespace cio::bench {
namespace {

constexpr uint32_t kBatch = 32;

class EpollReadWorkload final : public perf::Workload {
 public:
  explicit EpollReadWorkload(uint32_t batch)
      : offsets_(CachedFile::shared().offsets()),
        ours_fd_(CachedFile::shared().open_fd()),
        base_fd_(CachedFile::shared().open_fd()),
        buffers_(batch),
        out_(batch),
        once_(batch) {
    emplace_driver(driver_, {.backend = BackendKind::epoll});
    const Fd fd = driver_->attach(ours_fd_.get()).value();
    ops_.reserve(batch);
    for (uint32_t i = 0; i < batch; ++i) ops_.emplace_back(fd, buffers_.block(i), kBlockSize, 0);
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
      once_.next_round();
      for (uint32_t i = 0; i < batch; ++i) {
        const uint64_t offset = offsets_[next++ & kOffsetMask];
        char* block = buffers_.block(i);
        const ssize_t n = pread(fd, block, kBlockSize, static_cast<off_t>(offset));
        if (!once_.first_time(i) || n != static_cast<ssize_t>(kBlockSize) ||
            !CachedFile::holds(block, offset)) {
          throw perf::VerifyError("pread at " + std::to_string(offset) + ": " + std::to_string(n));
        }
      }
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
};

}  // namespace

void add_epoll_read4k_cases(std::vector<perf::Comparison>& out) {
  out.push_back({"drivers.epoll.read4k.batch32", ">=0.90",
                 "4 KiB reads at random offsets of a page-cached file, epoll backend, 32 per batch",
                 "cio::Driver (epoll)", "plain pread per block",
                 [] { return std::make_unique<EpollReadWorkload>(kBatch); }});
}

}  // namespace cio::bench
