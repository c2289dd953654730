// NOP throughput through cio::Driver against the loop it replaces, on each
// backend:
//   drivers.nop.batch{1,32,256}: io_uring against a raw liburing loop on a
//     ring with the driver's own setup flags. Both sides push `batch` NOPs,
//     submit once and reap all `batch` completions.
//   drivers.epoll.nop.batch32: the epoll backend against a hand-written
//     readiness loop doing the same job: each request is queued as a
//     completion record (a FIFO of {user_data, result} in a preallocated
//     ring), and each turn makes one epoll_wait(epfd, ..., 0) on a set
//     holding its wake eventfd, then pops and reports every record. Target
//     >=0.90, not >=0.95: both sides queue and report per op; the driver also
//     keeps each op's state (in flight, idle) for cancellation and checks,
//     and skips the epoll_wait while nothing is parked.
#include <liburing.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>

#include <cerrno>
#include <string>
#include <system_error>
#include <vector>

#include <cio/driver/driver.hpp>
#include <cio/driver/ops.hpp>

#include "cases.hpp"
#include "driver_batch.hpp"
#include "fd_guard.hpp"
#include "paired.hpp"
#include "raw_ring.hpp"

namespace cio::bench {
namespace {

// Our side on either backend: `batch` NOPs per submit.
class DriverNops {
 public:
  DriverNops(uint32_t batch, BackendKind backend) : side_(backend, batch) {
    side_.ops().resize(batch);
  }

  uint64_t run(uint64_t rounds) {
    for (uint64_t r = 0; r < rounds; ++r) {
      side_.round([](const Entry& entry) { return entry.result == 0; });
    }
    return rounds * side_.batch();
  }

  uint32_t batch() const noexcept { return side_.batch(); }
  const SetupInfo& setup() noexcept { return side_.driver().setup(); }

 private:
  DriverBatch<Nop> side_;
};

class RawRingNops {
 public:
  explicit RawRingNops(DriverNops& ours)
      : batch_(ours.batch()), once_(batch_), raw_(ours.setup()) {}

  uint64_t run(uint64_t rounds) {
    for (uint64_t r = 0; r < rounds; ++r) {
      raw_.batch(
          batch_, once_, [](io_uring_sqe* sqe, uint32_t) { io_uring_prep_nop(sqe); },
          [](uint64_t, int32_t res) { return res == 0; });
    }
    return rounds * batch_;
  }

 private:
  uint32_t batch_;
  OnceCheck once_;
  RawRing raw_;
};

int checked(int ret, const char* what) {
  if (ret < 0) throw std::system_error(errno, std::system_category(), what);
  return ret;
}

class EpollLoopNops {
 public:
  explicit EpollLoopNops(DriverNops& ours)
      : out_(ours.batch()),
        once_(ours.batch()),
        epfd_(checked(epoll_create1(EPOLL_CLOEXEC), "epoll_create1")),
        wake_fd_(checked(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK), "eventfd")) {
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.fd = wake_fd_.get();
    checked(epoll_ctl(epfd_.get(), EPOLL_CTL_ADD, wake_fd_.get(), &event), "epoll_ctl");
  }

  uint64_t run(uint64_t rounds) {
    const auto batch = static_cast<uint32_t>(out_.size());
    epoll_event events[64];
    for (uint64_t r = 0; r < rounds; ++r) {
      for (uint32_t i = 0; i < batch; ++i) pending_[(tail_++) & kRingMask] = Entry{i, 0, 0};
      if (epoll_wait(epfd_.get(), events, 64, 0) < 0 && errno != EINTR) {
        throw perf::VerifyError("epoll_wait: " + std::to_string(errno));
      }
      uint32_t count = 0;
      while (head_ != tail_ && count < batch) out_[count++] = pending_[(head_++) & kRingMask];
      perf::clobber_memory();
      once_.next_round();
      for (uint32_t i = 0; i < count; ++i) {
        if (!once_.first_time(out_[i].user_data) || out_[i].result != 0) {
          throw perf::VerifyError("baseline entry " + std::to_string(i));
        }
      }
    }
    return rounds * batch;
  }

 private:
  std::vector<Entry> out_;
  // The completion FIFO.
  static constexpr uint32_t kRingMask = 255;
  std::vector<Entry> pending_ = std::vector<Entry>(kRingMask + 1);
  uint32_t head_ = 0;
  uint32_t tail_ = 0;
  OnceCheck once_;
  FdGuard epfd_;
  FdGuard wake_fd_;
};

}  // namespace

void add_nop_cases(std::vector<perf::Comparison>& out) {
  for (const uint32_t batch : {1U, 32U, 256U}) {
    out.push_back({"drivers.nop.batch" + std::to_string(batch), ">=0.95",
                   "NOP throughput, " + std::to_string(batch) + " per submit",
                   "cio::Driver (io_uring)", "raw liburing (same setup flags)", [batch] {
                     return std::make_unique<Paired<DriverNops, RawRingNops>>(
                         batch, BackendKind::io_uring);
                   }});
  }
  out.push_back(
      {"drivers.epoll.nop.batch32", ">=0.90", "NOP throughput on the epoll backend, 32 per submit",
       "cio::Driver (epoll)", "hand-written loop: record FIFO + epoll_wait(0)",
       [] { return std::make_unique<Paired<DriverNops, EpollLoopNops>>(32, BackendKind::epoll); }});
}

}  // namespace cio::bench
