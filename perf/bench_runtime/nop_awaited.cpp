// runtime.nop.awaited: NOPs awaited through the Runtime by 32 tasks, each
// looping on co_await OpAwaitable<Nop>(), against the raw driver loop on a
// driver with the same config: push 32 NOPs, submit, reap all 32. Both sides
// make one submit per 32 ops; the runtime adds a coroutine resumption, the
// awaitable and the dispatch per op.
//
// Target >=0.80: what the runtime adds per op is user-space bookkeeping
// (build the awaitable, start_op, dispatch through the completion's handler,
// a ready-queue push and pop, the resumption) next to the driver's own push,
// reap and share of the syscall; it may cost at most a fifth of the raw
// loop's throughput.
//
// Before measuring, it checks that an awaited op allocates nothing.
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include <cio/core/op_awaitable.hpp>
#include <cio/core/runtime.hpp>
#include <cio/driver/driver.hpp>
#include <cio/driver/ops.hpp>
#include <cio/testing/alloc_count.hpp>

#include "cases.hpp"
#include "join.hpp"
#include "runtime_slot.hpp"

namespace cio::bench {
namespace {

constexpr uint32_t kTasks = 32;
static_assert(kTasks <= 32, "the baseline marks entries in a 32-bit mask");

// Every task awaits one NOP per round.
Task<void> await_nops(uint64_t rounds, uint64_t& failures, Join& join) {
  for (uint64_t r = 0; r < rounds; ++r) {
    const Result<uint32_t> result = co_await OpAwaitable<Nop>();
    if (!result || *result != 0) ++failures;
  }
  join.arrive();
}

Task<void> run_tasks(uint64_t rounds, uint64_t& failures) {
  Join join(kTasks);
  for (uint32_t i = 0; i < kTasks; ++i) spawn(await_nops(rounds, failures, join));
  co_await join;
}

class AwaitedNopWorkload final : public perf::Workload {
 public:
  explicit AwaitedNopWorkload(const RuntimeConfig& config) : ops_(kTasks), out_(kTasks) {
    emplace_runtime(runtime_, config);
    driver_.emplace(config.driver);
    // Flush the driver's own wake read so the whole SQ is free for a batch.
    (void)driver_->submit(std::chrono::nanoseconds(0), out_);
    check_no_allocation_per_op();
  }

  uint64_t run_ours(uint64_t rounds) override {
    uint64_t failures = 0;
    runtime_->block_on(run_tasks(rounds, failures));
    if (failures > 0) throw perf::VerifyError(std::to_string(failures) + " awaited NOPs failed");
    return rounds * kTasks;
  }

  uint64_t run_baseline(uint64_t rounds) override {
    for (uint64_t r = 0; r < rounds; ++r) baseline_round();
    return rounds * kTasks;
  }

 private:
  // Pushes kTasks NOPs with user_data 0..kTasks-1, then submits until each
  // came back once with result 0.
  void baseline_round() {
    for (uint32_t i = 0; i < kTasks; ++i) {
      if (!driver_->try_push(ops_[i], i)) throw perf::VerifyError("try_push refused a NOP");
    }
    uint32_t seen = 0;
    for (uint32_t done = 0; done < kTasks;) {
      const Result<size_t> got = driver_->submit(std::nullopt, out_);
      if (!got) throw perf::VerifyError("submit: " + got.error().message());
      for (size_t k = 0; k < *got; ++k) {
        const Entry& entry = out_[k];
        const uint32_t bit = entry.user_data < kTasks ? 1U << entry.user_data : 0;
        if (bit == 0 || (seen & bit) != 0 || entry.result != 0) {
          throw perf::VerifyError("baseline entry " + std::to_string(entry.user_data));
        }
        seen |= bit;
      }
      done += static_cast<uint32_t>(*got);
    }
  }

  // Allocations per awaited op, from runs of two lengths: what any run
  // allocates once (the task frames) cancels out of the difference.
  void check_no_allocation_per_op() {
    constexpr uint64_t kShort = 100;
    constexpr uint64_t kExtra = 100'000 / kTasks;  // 100,000 more awaited ops
    run_ours(kShort);                              // warm-up
    const uint64_t before = alloc_count::total();
    run_ours(kShort);
    const uint64_t middle = alloc_count::total();
    run_ours(kShort + kExtra);
    const uint64_t after = alloc_count::total();
    const auto extra = static_cast<int64_t>(after - middle) - static_cast<int64_t>(middle - before);
    std::printf("  allocations per awaited op: %g\n",
                static_cast<double>(extra) / static_cast<double>(kExtra * kTasks));
    if (extra != 0) {
      throw perf::VerifyError(std::to_string(extra) + " allocations over " +
                              std::to_string(kExtra * kTasks) + " awaited ops");
    }
  }

  std::optional<Runtime> runtime_;
  // Declared before the driver, which drains ops still in flight when it dies.
  std::vector<Nop> ops_;
  std::vector<Entry> out_;
  std::optional<Driver> driver_;
};

}  // namespace

void add_nop_awaited_cases(std::vector<perf::Comparison>& out) {
  RuntimeConfig config;
  config.driver.backend = BackendKind::io_uring;
  out.push_back({"runtime.nop.awaited", ">=0.80",
                 "NOPs awaited by 32 tasks vs the raw driver loop, 32 per submit",
                 "cio::Runtime co_await Nop", "cio::Driver push/submit/reap",
                 [config] { return std::make_unique<AwaitedNopWorkload>(config); }});
}

}  // namespace cio::bench
