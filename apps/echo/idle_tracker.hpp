// IdleTracker: closes a shard's connections that moved no byte for
// echo.idle_timeout. A connection touches its Watch on every receive and
// every send (one store, no syscall, no timer op); a sweep every quarter of
// the timeout shuts down those untouched for four sweeps in a row, which
// ends their pending ops. A silent connection is closed between the
// timeout and 1.25 times it; one that moves bytes never is. A peer that
// stops reading stalls our sends and so counts as silent too.
#pragma once

#include <chrono>
#include <cstdint>

#include <cio/core/stop.hpp>
#include <cio/core/task.hpp>

namespace cio::echo {

class IdleTracker {
 public:
  // One connection's entry; lives in its frame, registered while alive.
  class Watch {
   public:
    Watch(IdleTracker& tracker, int fd) noexcept;
    ~Watch();
    Watch(const Watch&) = delete;
    Watch& operator=(const Watch&) = delete;

    void touch() noexcept { active_ = true; }
    // True once a sweep shut the connection down.
    bool timed_out() const noexcept { return timed_out_; }

   private:
    friend class IdleTracker;
    IdleTracker& tracker_;
    int fd_;
    bool active_ = true;
    bool timed_out_ = false;
    uint8_t quiet_sweeps_ = 0;
    Watch* prev_ = nullptr;
    Watch* next_ = nullptr;
  };

  // `timeout` 0: never closes anything.
  explicit IdleTracker(std::chrono::milliseconds timeout) noexcept : timeout_(timeout) {}

  // Sweeps until `stop` is stopped (returns at once when disabled).
  Task<void> run(StopToken stop);
  uint64_t closed() const noexcept { return closed_; }

 private:
  void sweep() noexcept;

  std::chrono::milliseconds timeout_;
  Watch* head_ = nullptr;
  uint64_t closed_ = 0;
};

}  // namespace cio::echo
