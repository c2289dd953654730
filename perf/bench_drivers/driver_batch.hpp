// Our side of every driver comparison, on either backend: a cio::Driver and
// a batch of ops pushed, submitted and checked together each round.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <system_error>
#include <vector>

#include <cio/driver/driver.hpp>
#include <cio/perf/suite.hpp>

#include "once_check.hpp"

namespace cio::bench {

template <typename Op>
class DriverBatch {
 public:
  // A backend this machine or build cannot start (io_uring blocked) becomes
  // perf::Skip. The ops are added by the caller, through ops(), up to `batch`.
  DriverBatch(BackendKind backend, uint32_t batch) : out_(batch), once_(batch) {
    try {
      driver_.emplace(DriverConfig{.backend = backend});
    } catch (const std::system_error& error) {
      throw perf::Skip(std::string(backend_name(backend)) +
                       " backend unavailable: " + error.what());
    }
    // Flush the driver's own wake read so the whole SQ is free for a batch.
    (void)driver_->submit(std::chrono::nanoseconds(0), out_);
    ops_.reserve(batch);
  }

  Driver& driver() noexcept { return *driver_; }
  std::vector<Op>& ops() noexcept { return ops_; }
  uint32_t batch() const noexcept { return static_cast<uint32_t>(out_.size()); }

  // Pushes ops[i] with user_data i, then submits (waiting) until all of them
  // completed, each exactly once. `check(entry)` sees every entry and returns
  // false when the result is wrong. Throws perf::VerifyError on any failure,
  // so a broken driver cannot produce a number.
  template <typename Check>
  void round(Check&& check) {
    once_.next_round();
    for (size_t i = 0; i < ops_.size(); ++i) {
      if (!driver_->try_push(ops_[i], i)) {
        throw perf::VerifyError("try_push refused op " + std::to_string(i) + " of " +
                                std::to_string(ops_.size()));
      }
    }
    size_t done = 0;
    int empty = 0;
    while (done < ops_.size()) {
      const std::span<Entry> rest = std::span(out_).subspan(done, ops_.size() - done);
      const Result<size_t> got = driver_->submit(std::nullopt, rest);
      if (!got) throw perf::VerifyError("submit: " + got.error().message());
      if (*got == 0 && ++empty == kMaxEmptySubmits) {
        throw perf::VerifyError("no entries after " + std::to_string(empty) + " submits; " +
                                std::to_string(ops_.size() - done) + " ops missing");
      }
      for (size_t k = done; k < done + *got; ++k) {
        const Entry& entry = out_[k];
        if (!once_.first_time(entry.user_data) || !check(entry)) {
          throw perf::VerifyError("entry user_data " + std::to_string(entry.user_data) +
                                  " result " + std::to_string(entry.result));
        }
      }
      done += *got;
    }
  }

 private:
  // A driver that returns no entry this many times in one round is stuck.
  static constexpr int kMaxEmptySubmits = 1000;

  // Declared before the driver, which drains ops still in flight when it dies.
  std::vector<Op> ops_;
  std::vector<Entry> out_;
  OnceCheck once_;
  std::optional<Driver> driver_;
};

}  // namespace cio::bench
