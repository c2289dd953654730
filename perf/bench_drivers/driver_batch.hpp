// One round through a cio::Driver: push a batch of ops, submit until every
// entry is back, check each entry. Shared by the io_uring and epoll cases.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <system_error>

#include <cio/driver/driver.hpp>
#include <cio/perf/suite.hpp>

#include "once_check.hpp"

namespace cio::bench {

// Builds a driver in `slot`; a backend this machine or build cannot start
// (io_uring blocked, epoll backend not built yet) becomes perf::Skip.
inline void emplace_driver(std::optional<Driver>& slot, const DriverConfig& config) {
  try {
    slot.emplace(config);
  } catch (const std::system_error& error) {
    throw perf::Skip(std::string(backend_name(config.backend)) +
                     " backend unavailable: " + error.what());
  }
}

// A driver that returns no entry this many times in one round is stuck.
inline constexpr int kMaxEmptySubmits = 1000;

// Pushes ops[i] with user_data i, then submits (waiting) until all of them
// completed, each exactly once (`once`). `check(entry)` sees every entry and
// returns false when the result is wrong. Throws perf::VerifyError on any
// failure, so a broken driver cannot produce a number.
template <typename Op, typename Check>
void drive_batch(Driver& driver, std::span<Op> ops, std::span<Entry> out, OnceCheck& once,
                 Check&& check) {
  once.next_round();
  for (size_t i = 0; i < ops.size(); ++i) {
    if (!driver.try_push(ops[i], i)) {
      throw perf::VerifyError("try_push refused op " + std::to_string(i) + " of " +
                              std::to_string(ops.size()));
    }
  }
  size_t done = 0;
  int empty = 0;
  while (done < ops.size()) {
    const Result<size_t> got = driver.submit(std::nullopt, out.subspan(done, ops.size() - done));
    if (!got) throw perf::VerifyError("submit: " + got.error().message());
    if (*got == 0 && ++empty == kMaxEmptySubmits) {
      throw perf::VerifyError("no entries after " + std::to_string(empty) + " submits; " +
                              std::to_string(ops.size() - done) + " ops missing");
    }
    for (size_t k = done; k < done + *got; ++k) {
      const Entry& entry = out[k];
      if (!once.first_time(entry.user_data) || !check(entry)) {
        throw perf::VerifyError("entry user_data " + std::to_string(entry.user_data) + " result " +
                                std::to_string(entry.result));
      }
    }
    done += *got;
  }
}

}  // namespace cio::bench
