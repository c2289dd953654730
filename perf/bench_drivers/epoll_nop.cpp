// drivers.epoll.nop.batch32: NOPs through cio::Driver on the epoll backend
// against a hand-written readiness loop doing the same job: each request is
// queued as a completion record (a FIFO of {user_data, result} in a
// preallocated ring), and each turn makes one epoll_wait(epfd, ..., 0) on a
// set holding its wake eventfd, then pops and reports every record.
//
// Target >=0.90, not >=0.95: both sides queue and report per op; the driver
// also keeps each op's state (in flight, idle) for cancellation and checks,
// and skips the epoll_wait while nothing is parked.
#include <sys/epoll.h>
#include <sys/eventfd.h>

#include <benchmark/benchmark.h>

#include <cerrno>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include <cio/driver/driver.hpp>
#include <cio/driver/ops.hpp>

#include "cases.hpp"
#include "driver_batch.hpp"
#include "fd_guard.hpp"

namespace cio::bench {
namespace {

constexpr uint32_t kBatch = 32;

int checked(int ret, const char* what) {
  if (ret < 0) throw std::system_error(errno, std::system_category(), what);
  return ret;
}

class EpollNopWorkload final : public perf::Workload {
 public:
  explicit EpollNopWorkload(uint32_t batch)
      : ops_(batch),
        out_(batch),
        once_(batch),
        epfd_(checked(epoll_create1(EPOLL_CLOEXEC), "epoll_create1")),
        wake_fd_(checked(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK), "eventfd")) {
    emplace_driver(driver_, {.backend = BackendKind::epoll});
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.fd = wake_fd_.get();
    checked(epoll_ctl(epfd_.get(), EPOLL_CTL_ADD, wake_fd_.get(), &event), "epoll_ctl");
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
    epoll_event events[64];
    for (uint64_t r = 0; r < rounds; ++r) {
      for (uint32_t i = 0; i < batch; ++i) pending_[(tail_++) & kRingMask] = Entry{i, 0, 0};
      if (epoll_wait(epfd_.get(), events, 64, 0) < 0 && errno != EINTR) {
        throw perf::VerifyError("epoll_wait: " + std::to_string(errno));
      }
      uint32_t count = 0;
      while (head_ != tail_ && count < batch) out_[count++] = pending_[(head_++) & kRingMask];
      benchmark::ClobberMemory();
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
  // Declared before the driver, which drains ops still in flight when it dies.
  std::vector<Nop> ops_;
  std::vector<Entry> out_;
  // The baseline's completion FIFO.
  static constexpr uint32_t kRingMask = 255;
  std::vector<Entry> pending_ = std::vector<Entry>(kRingMask + 1);
  uint32_t head_ = 0;
  uint32_t tail_ = 0;
  OnceCheck once_;
  FdGuard epfd_;
  FdGuard wake_fd_;
  std::optional<Driver> driver_;
};

}  // namespace

void add_epoll_nop_cases(std::vector<perf::Comparison>& out) {
  out.push_back({"drivers.epoll.nop.batch32", ">=0.90",
                 "NOP throughput on the epoll backend, 32 per submit", "cio::Driver (epoll)",
                 "hand-written loop: record FIFO + epoll_wait(0)",
                 [] { return std::make_unique<EpollNopWorkload>(kBatch); }});
}

}  // namespace cio::bench
