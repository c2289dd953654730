// A comparison whose sides are separate objects: our side drives a
// cio::Driver of one backend, the baseline is built next to it (it may borrow
// our side's setup or buffers, so both do the same job). The same Ours runs
// against each backend's baseline: one definition of what we measure.
#pragma once

#include <cstdint>

#include <cio/driver/driver_config.hpp>
#include <cio/perf/suite.hpp>

namespace cio::bench {

template <typename Ours, typename Baseline>
class Paired final : public perf::Workload {
 public:
  Paired(uint32_t batch, BackendKind backend) : ours_(batch, backend), baseline_(ours_) {}

  uint64_t run_ours(uint64_t rounds) override { return ours_.run(rounds); }
  uint64_t run_baseline(uint64_t rounds) override { return baseline_.run(rounds); }

 private:
  Ours ours_;
  Baseline baseline_;
};

}  // namespace cio::bench
