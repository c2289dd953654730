// The baseline: a raw liburing ring set up like a Driver's ring (same setup
// flags and depths, registered ring fd if the driver has one), driven by the
// plain get_sqe / submit_and_wait / for_each_cqe loop.
#pragma once

#include <liburing.h>

#include <cstdint>
#include <string>

#include <cio/driver/driver_config.hpp>
#include <cio/perf/suite.hpp>

#include "once_check.hpp"

namespace cio::bench {

class RawRing {
 public:
  // Throws std::system_error when the ring cannot be set up.
  explicit RawRing(const SetupInfo& like);
  ~RawRing();
  RawRing(const RawRing&) = delete;
  RawRing& operator=(const RawRing&) = delete;

  // Preps `count` SQEs with `prep(sqe, i)` and user_data i, submits them and
  // reaps until all `count` completed, each exactly once (`once`);
  // `check(user_data, res)` sees each completion. Throws perf::VerifyError
  // on any failure.
  template <typename Prep, typename Check>
  void batch(uint32_t count, OnceCheck& once, Prep&& prep, Check&& check);

 private:
  io_uring ring_{};
};

template <typename Prep, typename Check>
void RawRing::batch(uint32_t count, OnceCheck& once, Prep&& prep, Check&& check) {
  once.next_round();
  for (uint32_t i = 0; i < count; ++i) {
    io_uring_sqe* sqe = io_uring_get_sqe(&ring_);
    if (sqe == nullptr) throw perf::VerifyError("raw ring: SQ full");
    prep(sqe, i);
    io_uring_sqe_set_data64(sqe, i);
  }
  uint32_t done = 0;
  while (done < count) {
    const int ret = io_uring_submit_and_wait(&ring_, count - done);
    if (ret < 0 && ret != -EINTR) {
      throw perf::VerifyError("raw ring: io_uring_submit_and_wait: " + std::to_string(ret));
    }
    unsigned head = 0;
    unsigned seen = 0;
    io_uring_cqe* cqe = nullptr;
    io_uring_for_each_cqe(&ring_, head, cqe) {
      if (!once.first_time(cqe->user_data) || !check(cqe->user_data, cqe->res)) {
        throw perf::VerifyError("raw ring: user_data " + std::to_string(cqe->user_data) + " res " +
                                std::to_string(cqe->res));
      }
      ++seen;
    }
    io_uring_cq_advance(&ring_, seen);
    done += seen;
  }
}

}  // namespace cio::bench
