// The epoll backend: completion emulated over readiness. try_push attempts
// each op at once; one that would block is parked on its descriptor
// (edge-triggered interest, registered once at attach) and retried when the
// descriptor becomes ready. Timeouts sit in a heap behind one CLOCK_BOOTTIME
// timerfd. A finished op keeps its result until copied out, so nothing is
// dropped when the caller's span is short.
#pragma once

#include <sys/epoll.h>

#include <atomic>
#include <vector>

#include <cio/driver/op_list.hpp>
#include "../backend.hpp"
#include "epoll_perform.hpp"
#include "timer_heap.hpp"

namespace cio::detail {

class EpollBackend final : public Backend {
 public:
  explicit EpollBackend(const DriverConfig& config);
  ~EpollBackend() override;

  bool supports(Capability capability) const noexcept override;
  Result<Fd> attach(int raw_fd) override;
  void detach(int raw_fd) noexcept override;
  Result<FixedFd> register_fd(int raw_fd, uint32_t slot) override;
  Result<void> unregister_fd(FixedFd fd) override;
  Result<void> register_buffer_ring(BufferRing& ring) override;
  Result<void> unregister_buffer_ring(BufferRing& ring) override;
  Result<void> register_buffers(std::span<const iovec> buffers) override;
  Result<void> unregister_buffers() override;

  bool try_push(OpBase& op, uint64_t user_data) noexcept override;
  bool try_push_linked(OpBase& op, uint64_t user_data, Timeout& timeout,
                       uint64_t timeout_user_data) noexcept override;
  size_t push_queue(OpQueue& queue) noexcept override;
  size_t capacity_left() const noexcept override;
  Result<size_t> submit(std::optional<std::chrono::nanoseconds> timeout,
                        std::span<Entry> out) noexcept override;
  bool try_cancel(OpBase& op) noexcept override;
  void cancel_all() noexcept override;
  void wake() noexcept override;
  size_t in_flight() const noexcept override { return in_flight_; }
  int ring_fd() const noexcept override { return -1; }

 private:
  // Where an in-flight op is (OpBase::backend_state, low bits).
  enum Place : uint8_t { kParkedRead = 1, kParkedWrite, kTimer, kDone };
  static constexpr uint8_t kPlaceMask = 0x0f;

  struct Watched {
    OpList readers;
    OpList writers;
    bool registered = false;
  };

  FdResolver resolver() const noexcept { return FdResolver(fixed_, buffers_); }
  static Place place_of(const OpBase& op) noexcept {
    return static_cast<Place>(op.bookkeeping().backend_state & kPlaceMask);
  }
  void set_place(OpBase& op, Place place) noexcept;
  Result<void> watch(int raw_fd);
  void finish(OpBase& op, int32_t result) noexcept;
  void start(OpBase& op) noexcept;
  void park(OpBase& op, Interest interest) noexcept;
  void retry(OpList& waiting) noexcept;
  void start_timer(Timeout& timer) noexcept;
  void expire_timers() noexcept;
  void rearm_timerfd() noexcept;
  void close_fd_state(int raw_fd) noexcept;
  void cancel_parked(Watched& watched) noexcept;
  void on_close_done(OpBase& op) noexcept;
  size_t deliver(std::span<Entry> out) noexcept;
  Result<size_t> poll_and_deliver(std::span<Entry> out, size_t count) noexcept;
  Result<size_t> wait_and_deliver(std::optional<std::chrono::nanoseconds> timeout,
                                  std::span<Entry> out) noexcept;
  int wait_for_events(std::optional<std::chrono::nanoseconds> timeout) noexcept;
  void dispatch(const epoll_event& event) noexcept;
  bool has_waiters() const noexcept { return parked_ > 0 || !timers_.empty(); }

  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  int timer_fd_ = -1;
  uint32_t capacity_;
  uint32_t pushed_ = 0;  // ops pushed since the last submit (the SQ emulation)
  size_t in_flight_ = 0;
  size_t parked_ = 0;
  bool woken_ = false;  // the wake eventfd fired during this submit
  uint64_t armed_deadline_ = 0;
  OpList done_;
  TimerHeap timers_;
  std::vector<Watched> watched_;  // indexed by raw descriptor
  std::vector<int> fixed_;        // registered-file slots: an owned dup, or -1
  std::vector<iovec> buffers_;    // registered buffers, checked by fixed-buffer ops
  std::vector<epoll_event> events_;
  std::atomic<bool> wake_pending_{false};
};

}  // namespace cio::detail
