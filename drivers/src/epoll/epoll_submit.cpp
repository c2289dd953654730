// The submit/complete half of the epoll backend.
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>

#include <cio/driver/ops.hpp>

#include "../wait_loop.hpp"
#include "epoll_backend.hpp"
#include "epoll_keys.hpp"

namespace cio::detail {
namespace {

uint64_t boottime_ns() noexcept {
  timespec now{};
  clock_gettime(CLOCK_BOOTTIME, &now);
  return uint64_t(now.tv_sec) * 1'000'000'000 + uint64_t(now.tv_nsec);
}

uint64_t duration_ns(const __kernel_timespec& ts) noexcept {
  return uint64_t(ts.tv_sec) * 1'000'000'000 + uint64_t(ts.tv_nsec);
}

void drain(int fd) noexcept {
  uint64_t value = 0;
  [[maybe_unused]] ssize_t ignored = read(fd, &value, sizeof(value));
}

bool is_extra(OpCode code) noexcept { return reach_of(code) == OpReach::uring_only; }

}  // namespace

Result<size_t> EpollBackend::submit(std::optional<std::chrono::nanoseconds> timeout,
                                    std::span<Entry> out) noexcept {
  pushed_ = 0;
  if (!timers_.empty()) expire_timers();
  woken_ = false;
  const size_t count = deliver(out);
  const bool may_wait = !(timeout && timeout->count() <= 0) && !out.empty();
  if (count > 0 || !may_wait) return poll_and_deliver(out, count);
  return wait_and_deliver(timeout, out);
}

// Collects readiness without blocking, when anything is waiting for it.
Result<size_t> EpollBackend::poll_and_deliver(std::span<Entry> out, size_t count) noexcept {
  if (!has_waiters() || count == out.size()) return count;
  const int ready = wait_for_events(std::chrono::nanoseconds(0));
  if (ready < 0) return errno == EINTR ? Result<size_t>(count) : errno_code(errno);
  for (int i = 0; i < ready; ++i) dispatch(events_[static_cast<size_t>(i)]);
  return count + deliver(out.subspan(count));
}

// Waits until an op finishes, wake() is called, the wait is interrupted or
// `timeout` passes; readiness that finishes nothing keeps waiting.
Result<size_t> EpollBackend::wait_and_deliver(std::optional<std::chrono::nanoseconds> timeout,
                                              std::span<Entry> out) noexcept {
  return wait_until_done(timeout, [&](std::optional<std::chrono::nanoseconds> remaining) {
    const int ready = wait_for_events(remaining);
    if (ready < 0) {
      return WaitStep{errno == EINTR ? Result<size_t>(size_t{0}) : errno_code(errno), true};
    }
    for (int i = 0; i < ready; ++i) dispatch(events_[static_cast<size_t>(i)]);
    const size_t count = deliver(out);
    return WaitStep{count, count > 0 || woken_ || (remaining && ready == 0)};
  });
}

void EpollBackend::start(OpBase& op) noexcept {
  if (op.code() == OpCode::timeout) return start_timer(static_cast<Timeout&>(op));
  if (is_extra(op.code())) return finish(op, -EOPNOTSUPP);
  if (op.code() == OpCode::close) {
    const auto& target = static_cast<const Close&>(op).fd;
    const int raw = resolver().raw(target);
    if (raw >= 0) close_fd_state(raw);
    const Attempt attempt = perform(op, resolver());
    if (target.fixed && raw >= 0) fixed_[static_cast<size_t>(target.value)] = -1;
    return finish(op, attempt.result);
  }
  const Attempt attempt = perform(op, resolver());
  if (attempt.wait == Interest::none) return finish(op, attempt.result);
  park(op, attempt.wait);
}

void EpollBackend::park(OpBase& op, Interest interest) noexcept {
  const int fd = wait_fd(op, resolver());
  const bool known = fd >= 0 && size_t(fd) < watched_.size() && watched_[size_t(fd)].registered;
  if (!known) {
    // Not attached: watch it now (may allocate; attach() first to avoid that).
    if (auto watched = watch(fd); !watched) return finish(op, -watched.error().value());
  }
  auto& watched = watched_[static_cast<size_t>(fd)];
  op.bookkeeping().pending_result = fd;  // remembered for cancellation
  if (interest == Interest::read) {
    set_place(op, kParkedRead);
    watched.readers.push_back(op);
  } else {
    set_place(op, kParkedWrite);
    watched.writers.push_back(op);
  }
  ++parked_;
}

// Retries waiting ops in order until one would still block.
void EpollBackend::retry(OpList& waiting) noexcept {
  while (OpBase* op = waiting.front()) {
    const Attempt attempt = perform(*op, resolver());
    if (attempt.wait != Interest::none) return;
    waiting.remove(*op);
    --parked_;
    finish(*op, attempt.result);
  }
}

void EpollBackend::close_fd_state(int raw_fd) noexcept {
  if (raw_fd < 0 || size_t(raw_fd) >= watched_.size()) return;
  auto& watched = watched_[static_cast<size_t>(raw_fd)];
  cancel_parked(watched);
  watched.registered = false;
}

// Ends every op parked on one descriptor with -ECANCELED, readers first.
void EpollBackend::cancel_parked(Watched& watched) noexcept {
  for (OpList* list : {&watched.readers, &watched.writers}) {
    while (OpBase* op = list->pop_front()) {
      --parked_;
      finish(*op, -ECANCELED);
    }
  }
}

void EpollBackend::start_timer(Timeout& timer) noexcept {
  timer.deadline_ns = boottime_ns() + duration_ns(timer.ts);
  set_place(timer, kTimer);
  timers_.insert(timer);
  rearm_timerfd();
}

void EpollBackend::expire_timers() noexcept {
  const uint64_t now = boottime_ns();
  while (!timers_.empty() && timers_.top()->deadline_ns <= now) finish(*timers_.pop(), 0);
  rearm_timerfd();
}

// Keeps the timerfd armed at the earliest deadline (0 disarms it).
void EpollBackend::rearm_timerfd() noexcept {
  const uint64_t deadline = timers_.empty() ? 0 : timers_.top()->deadline_ns;
  if (deadline == armed_deadline_) return;
  itimerspec spec{};
  spec.it_value.tv_sec = static_cast<time_t>(deadline / 1'000'000'000);
  spec.it_value.tv_nsec = static_cast<long>(deadline % 1'000'000'000);
  timerfd_settime(timer_fd_, TFD_TIMER_ABSTIME, &spec, nullptr);
  armed_deadline_ = deadline;
}

size_t EpollBackend::deliver(std::span<Entry> out) noexcept {
  size_t count = 0;
  while (count < out.size()) {
    OpBase* op = done_.pop_front();
    if (op == nullptr) break;
    out[count++] = {op->user_data(), op->bookkeeping().pending_result,
                    op->bookkeeping().pending_flags};
    op->bookkeeping().backend_state = 0;
    op->mark(OpState::idle);
    --in_flight_;
  }
  return count;
}

int EpollBackend::wait_for_events(std::optional<std::chrono::nanoseconds> timeout) noexcept {
  timespec ts{};
  if (timeout) {
    const auto count = timeout->count() < 0 ? 0 : timeout->count();
    ts.tv_sec = count / 1'000'000'000;
    ts.tv_nsec = count % 1'000'000'000;
  }
  return epoll_pwait2(epoll_fd_, events_.data(), static_cast<int>(events_.size()),
                      timeout ? &ts : nullptr, nullptr);
}

void EpollBackend::dispatch(const epoll_event& event) noexcept {
  if (event.data.u64 == kWakeKey) {
    drain(wake_fd_);
    woken_ = true;
    wake_pending_.exchange(false, std::memory_order_acq_rel);
    return;
  }
  if (event.data.u64 == kTimerKey) {
    drain(timer_fd_);
    armed_deadline_ = 0;  // a fired timerfd is disarmed
    return expire_timers();
  }
  auto& watched = watched_[static_cast<size_t>(event.data.u64)];
  if ((event.events & (EPOLLIN | EPOLLRDHUP | EPOLLERR | EPOLLHUP)) != 0) retry(watched.readers);
  if ((event.events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) != 0) retry(watched.writers);
}

}  // namespace cio::detail
