// drivers.epoll.nop.batch32: NOPs through cio::Driver on the epoll backend
// against what a hand-written readiness loop pays per turn: one
// epoll_wait(epfd, ..., 0) on a set holding its wake eventfd, then `batch`
// trivial iterations that produce and check an entry each.
//
// Target >=0.90, not >=0.95: the emulation makes at most the same syscall
// per turn as the hand-written loop (none while nothing is parked), and adds
// its completion bookkeeping per op (queueing the op, recording its result,
// copying it out as an Entry).
#include <sys/epoll.h>
#include <sys/eventfd.h>

#include <benchmark/benchmark.h>

#include <cerrno>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include <cio/driver.hpp>
#include <cio/ops.hpp>

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
      if (epoll_wait(epfd_.get(), events, 64, 0) < 0 && errno != EINTR) {
        throw perf::VerifyError("epoll_wait: " + std::to_string(errno));
      }
      for (uint32_t i = 0; i < batch; ++i) out_[i] = Entry{i, 0, 0};
      benchmark::ClobberMemory();
      once_.next_round();
      for (uint32_t i = 0; i < batch; ++i) {
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
  OnceCheck once_;
  FdGuard epfd_;
  FdGuard wake_fd_;
  std::optional<Driver> driver_;
};

}  // namespace

void add_epoll_nop_cases(std::vector<perf::Comparison>& out) {
  out.push_back({"drivers.epoll.nop.batch32", ">=0.90",
                 "NOP throughput on the epoll backend, 32 per submit", "cio::Driver (epoll)",
                 "epoll_wait(0) per turn + a loop",
                 [] { return std::make_unique<EpollNopWorkload>(kBatch); }});
}

}  // namespace cio::bench
