// Checks that every op of a batch completes exactly once: the driver and
// the baseline loops both mark each user_data (0..batch-1) per round, so a
// lost or duplicated entry cannot pass as a fast round.
#pragma once

#include <cstdint>
#include <vector>

namespace cio::bench {

class OnceCheck {
 public:
  explicit OnceCheck(size_t batch) : stamps_(batch, 0) {}

  // Starts a round: every user_data may be seen once again.
  void next_round() noexcept { ++round_; }

  // True the first time `user_data` is seen this round; false when it is out
  // of range or a repeat.
  bool first_time(uint64_t user_data) noexcept {
    if (user_data >= stamps_.size() || stamps_[user_data] == round_) return false;
    stamps_[user_data] = round_;
    return true;
  }

 private:
  std::vector<uint64_t> stamps_;
  uint64_t round_ = 0;
};

}  // namespace cio::bench
