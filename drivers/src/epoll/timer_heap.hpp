// A pairing heap of Timeout ops ordered by deadline, intrusive through the
// op's heap links: O(1) insert, O(log n) amortised pop and remove, no
// allocation. The epoll backend arms one timerfd at the earliest deadline.
#pragma once

#include <cstddef>

#include <cio/driver/ops.hpp>

namespace cio::detail {

class TimerHeap {
 public:
  void insert(Timeout& timer) noexcept;
  // Removes any timer in the heap (cancellation), not only the earliest.
  void remove(Timeout& timer) noexcept;
  Timeout* pop() noexcept;
  Timeout* top() const noexcept { return root_; }
  bool empty() const noexcept { return root_ == nullptr; }
  size_t size() const noexcept { return size_; }

 private:
  static Timeout* meld(Timeout* a, Timeout* b) noexcept;
  static Timeout* merge_pairs(Timeout* first) noexcept;

  Timeout* root_ = nullptr;
  size_t size_ = 0;
};

}  // namespace cio::detail
