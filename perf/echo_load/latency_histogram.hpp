// LatencyHistogram: log-linear buckets (64 per power of two, so a quantile
// is within ~1.6% of the true value) over nanoseconds; recording is an
// index computation and an increment, with no allocation.
#pragma once

#include <array>
#include <bit>
#include <cstdint>

namespace cio::perf {

class LatencyHistogram {
 public:
  void record(uint64_t nanos) noexcept {
    ++counts_[index(nanos)];
    ++total_;
  }
  void merge(const LatencyHistogram& other) noexcept;
  uint64_t count() const noexcept { return total_; }
  // The value at quantile `q` (0..1), in nanoseconds (a bucket's low edge).
  uint64_t quantile(double q) const noexcept;

 private:
  static constexpr int kSubBits = 6;  // 64 sub-buckets per power of two
  static constexpr int kBuckets = (64 - kSubBits + 1) << kSubBits;

  static int index(uint64_t v) noexcept {
    if (v < (uint64_t{1} << kSubBits)) return static_cast<int>(v);
    const int shift = std::bit_width(v) - 1 - kSubBits;
    return ((shift + 1) << kSubBits) + static_cast<int>((v >> shift) & ((1 << kSubBits) - 1));
  }
  static uint64_t low_edge(int i) noexcept {
    if (i < (1 << kSubBits)) return static_cast<uint64_t>(i);
    const int shift = (i >> kSubBits) - 1;
    return (uint64_t{(1U << kSubBits) | static_cast<unsigned>(i & ((1 << kSubBits) - 1))}) << shift;
  }

  std::array<uint64_t, kBuckets> counts_{};
  uint64_t total_ = 0;
};

}  // namespace cio::perf
