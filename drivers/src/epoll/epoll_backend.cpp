#include "epoll_backend.hpp"

#include <fcntl.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include <cio/driver/ops.hpp>

#include "epoll_keys.hpp"

namespace cio::detail {
namespace {

int checked(int ret, const char* call) {
  if (ret < 0) throw std::system_error(errno, std::system_category(), call);
  return ret;
}

// Start the per-descriptor table at the process's descriptor limit (capped)
// so attach() rarely has to grow it.
size_t initial_watch_slots() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
  return limit.rlim_cur < 4096 ? static_cast<size_t>(limit.rlim_cur) : 4096;
}

}  // namespace

std::unique_ptr<Backend> make_epoll_backend(const DriverConfig& config) {
  return std::make_unique<EpollBackend>(config);
}

EpollBackend::EpollBackend(const DriverConfig& config)
    : capacity_(config.entries == 0 ? 1 : config.entries),
      watched_(initial_watch_slots()),
      fixed_(config.registered_files, -1),
      events_(capacity_ < 64 ? 64 : capacity_) {
  setup_.backend = BackendKind::epoll;
  setup_.sq_entries = capacity_;
  setup_.cq_entries = static_cast<uint32_t>(events_.size());
  try {
    epoll_fd_ = checked(epoll_create1(EPOLL_CLOEXEC), "epoll_create1");
    wake_fd_ = checked(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK), "eventfd");
    timer_fd_ = checked(timerfd_create(CLOCK_BOOTTIME, TFD_CLOEXEC | TFD_NONBLOCK),
                        "timerfd_create(CLOCK_BOOTTIME)");
    epoll_event wake{EPOLLIN, {.u64 = kWakeKey}};
    checked(epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &wake), "epoll_ctl(wake eventfd)");
    epoll_event timer{EPOLLIN, {.u64 = kTimerKey}};
    checked(epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, timer_fd_, &timer), "epoll_ctl(timerfd)");
  } catch (...) {
    for (int fd : {epoll_fd_, wake_fd_, timer_fd_}) {
      if (fd >= 0) close(fd);
    }
    throw;
  }
}

EpollBackend::~EpollBackend() {
  // Nothing here is kernel-owned: ending every op is just bookkeeping.
  cancel_all();
  while (OpBase* op = done_.pop_front()) {
    op->bookkeeping().backend_state = 0;
    op->mark(OpState::idle);
  }
  for (int fd : fixed_) {
    if (fd >= 0) close(fd);
  }
  close(timer_fd_);
  close(wake_fd_);
  close(epoll_fd_);
}

bool EpollBackend::supports(Capability) const noexcept { return false; }

Result<void> EpollBackend::watch(int raw_fd) {
  if (raw_fd < 0) return std::errc::bad_file_descriptor;
  if (static_cast<size_t>(raw_fd) >= watched_.size()) watched_.resize(size_t(raw_fd) * 2 + 1);
  epoll_event event{EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET, {.u64 = uint64_t(raw_fd)}};
  int ret = epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, raw_fd, &event);
  if (ret < 0 && errno == EEXIST) ret = epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, raw_fd, &event);
  // Regular files and directories cannot be polled; their ops never block.
  if (ret < 0 && errno != EPERM) return errno_code(errno);
  watched_[static_cast<size_t>(raw_fd)].registered = true;
  return {};
}

Result<Fd> EpollBackend::attach(int raw_fd) {
  if (raw_fd < 0) return std::errc::bad_file_descriptor;
  const int flags = fcntl(raw_fd, F_GETFL);
  if (flags < 0 || fcntl(raw_fd, F_SETFL, flags | O_NONBLOCK) < 0) return errno_code(errno);
  if (auto watched = watch(raw_fd); !watched) return watched.error();
  return Fd{raw_fd};
}

void EpollBackend::detach(int raw_fd) noexcept {
  close_fd_state(raw_fd);
  epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, raw_fd, nullptr);
}

// The slot owns a duplicate, so the caller may close `raw_fd` as with io_uring.
Result<FixedFd> EpollBackend::register_fd(int raw_fd, uint32_t slot) {
  if (slot >= fixed_.size()) return std::errc::invalid_argument;
  if (fixed_[slot] >= 0) return std::errc::device_or_resource_busy;
  if (raw_fd < 0) return std::errc::bad_file_descriptor;
  const int copy = fcntl(raw_fd, F_DUPFD_CLOEXEC, 0);
  if (copy < 0) return errno_code(errno);
  if (auto attached = attach(copy); !attached) {
    close(copy);
    return attached.error();
  }
  fixed_[slot] = copy;
  return FixedFd{slot};
}

Result<void> EpollBackend::unregister_fd(FixedFd fd) {
  if (fd.slot >= fixed_.size() || fixed_[fd.slot] < 0) return std::errc::invalid_argument;
  close_fd_state(fixed_[fd.slot]);
  close(fixed_[fd.slot]);
  fixed_[fd.slot] = -1;
  return {};
}

Result<void> EpollBackend::register_buffer_ring(BufferRing&) {
  return std::errc::operation_not_supported;
}

Result<void> EpollBackend::unregister_buffer_ring(BufferRing&) {
  return std::errc::operation_not_supported;
}

// The kernel's rules, so a caller sees the same errors on both backends.
Result<void> EpollBackend::register_buffers(std::span<const iovec> buffers) {
  if (!buffers_.empty()) return std::errc::device_or_resource_busy;
  for (const iovec& buffer : buffers) {
    // A null, empty entry is a sparse slot; any other empty or oversized one is refused.
    const bool sparse = buffer.iov_base == nullptr && buffer.iov_len == 0;
    if (!sparse && (buffer.iov_base == nullptr || buffer.iov_len == 0 ||
                    buffer.iov_len > kMaxRegisteredBufferBytes)) {
      return std::errc::bad_address;
    }
  }
  buffers_.assign(buffers.begin(), buffers.end());
  return {};
}

Result<void> EpollBackend::unregister_buffers() {
  if (buffers_.empty()) return std::errc::no_such_device_or_address;
  buffers_.clear();
  return {};
}

bool EpollBackend::try_push(OpBase& op, uint64_t user_data) noexcept {
  if (pushed_ >= capacity_) return false;
  ++pushed_;
  ++in_flight_;
  op.bookkeeping().backend_state = 0;
  op.mark(OpState::in_flight, user_data);
  start(op);  // emulated ops start at once; submit() only reports them
  return true;
}

bool EpollBackend::try_push_linked(OpBase& op, uint64_t user_data, Timeout& timeout,
                                   uint64_t timeout_user_data) noexcept {
  if (capacity_ - pushed_ < 2) return false;
  ++pushed_;
  ++in_flight_;
  timeout.bookkeeping().backend_state = 0;
  timeout.mark(OpState::in_flight, timeout_user_data);
  (void)try_push(op, user_data);
  if (place_of(op) == kDone) {
    finish(timeout, -ECANCELED);  // the op finished at once: the timer never runs
    return true;
  }
  op.bookkeeping().link = &timeout;
  timeout.bookkeeping().link = &op;
  start_timer(timeout);
  return true;
}

size_t EpollBackend::push_queue(OpQueue& queue) noexcept {
  size_t pushed = 0;
  while (pushed_ < capacity_) {
    OpBase* op = queue.pop();
    if (op == nullptr) break;
    (void)try_push(*op, op->user_data());
    ++pushed;
  }
  return pushed;
}

size_t EpollBackend::capacity_left() const noexcept { return capacity_ - pushed_; }

bool EpollBackend::try_cancel(OpBase& op) noexcept {
  if (!op.in_flight()) return false;
  switch (place_of(op)) {
    case kParkedRead:
    case kParkedWrite: {
      auto& watched = watched_[static_cast<size_t>(op.bookkeeping().pending_result)];
      (place_of(op) == kParkedRead ? watched.readers : watched.writers).remove(op);
      --parked_;
      break;
    }
    case kTimer:
      timers_.remove(static_cast<Timeout&>(op));
      rearm_timerfd();
      break;
    default:
      return true;  // already finished; its result stands
  }
  finish(op, -ECANCELED);
  return true;
}

void EpollBackend::cancel_all() noexcept {
  for (auto& watched : watched_) cancel_parked(watched);
  while (Timeout* timer = timers_.pop()) finish(*timer, -ECANCELED);
  rearm_timerfd();
}

void EpollBackend::wake() noexcept {
  if (wake_pending_.exchange(true, std::memory_order_acq_rel)) return;
  const uint64_t one = 1;
  [[maybe_unused]] ssize_t ignored = write(wake_fd_, &one, sizeof(one));
}

void EpollBackend::set_place(OpBase& op, Place place) noexcept {
  op.bookkeeping().backend_state =
      static_cast<uint8_t>((op.bookkeeping().backend_state & ~kPlaceMask) | place);
}

void EpollBackend::finish(OpBase& op, int32_t result) noexcept {
  op.bookkeeping().pending_result = result;
  op.bookkeeping().pending_flags = 0;
  set_place(op, kDone);
  done_.push_back(op);
  if (op.bookkeeping().link != nullptr) [[unlikely]] {
    // A linked op and its timeout: whichever ends first cancels the other.
    OpBase& other = *op.bookkeeping().link;
    op.bookkeeping().link = other.bookkeeping().link = nullptr;
    try_cancel(other);
  }
}

}  // namespace cio::detail
