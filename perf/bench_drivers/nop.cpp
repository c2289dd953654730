// drivers.nop.batch{1,32,256}: NOPs through cio::Driver (io_uring) against
// a raw liburing loop on a ring with the driver's own setup flags. Both
// sides push `batch` NOPs, submit once and reap all `batch` completions.
#include <liburing.h>

#include <optional>
#include <string>
#include <vector>

#include <cio/driver/driver.hpp>
#include <cio/driver/ops.hpp>

#include "cases.hpp"
#include "driver_batch.hpp"
#include "raw_ring.hpp"

namespace cio::bench {
namespace {

class NopWorkload final : public perf::Workload {
 public:
  explicit NopWorkload(uint32_t batch) : ops_(batch), out_(batch), once_(batch) {
    emplace_driver(driver_, {.backend = BackendKind::io_uring});
    // Flush the driver's own wake read so the whole SQ is free for a batch.
    (void)driver_->submit(std::chrono::nanoseconds(0), out_);
    raw_.emplace(driver_->setup());
  }

  uint64_t run_ours(uint64_t rounds) override {
    for (uint64_t r = 0; r < rounds; ++r) {
      drive_batch(*driver_, std::span(ops_), std::span(out_), once_,
                  [](const Entry& entry) { return entry.result == 0; });
    }
    return rounds * ops_.size();
  }

  uint64_t run_baseline(uint64_t rounds) override {
    const auto batch = static_cast<uint32_t>(ops_.size());
    for (uint64_t r = 0; r < rounds; ++r) {
      raw_->batch(
          batch, once_, [](io_uring_sqe* sqe, uint32_t) { io_uring_prep_nop(sqe); },
          [](uint64_t, int32_t res) { return res == 0; });
    }
    return rounds * batch;
  }

 private:
  // Declared before the driver, which drains ops still in flight when it dies.
  std::vector<Nop> ops_;
  std::vector<Entry> out_;
  OnceCheck once_;
  std::optional<Driver> driver_;
  std::optional<RawRing> raw_;
};

}  // namespace

void add_nop_cases(std::vector<perf::Comparison>& out) {
  for (const uint32_t batch : {1U, 32U, 256U}) {
    out.push_back({"drivers.nop.batch" + std::to_string(batch), ">=0.95",
                   "NOP throughput, " + std::to_string(batch) + " per submit",
                   "cio::Driver (io_uring)", "raw liburing (same setup flags)",
                   [batch] { return std::make_unique<NopWorkload>(batch); }});
  }
}

}  // namespace cio::bench
