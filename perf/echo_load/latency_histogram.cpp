#include "latency_histogram.hpp"

namespace cio::perf {

void LatencyHistogram::merge(const LatencyHistogram& other) noexcept {
  for (int i = 0; i < kBuckets; ++i) counts_[i] += other.counts_[i];
  total_ += other.total_;
}

uint64_t LatencyHistogram::quantile(double q) const noexcept {
  if (total_ == 0) return 0;
  const auto rank = static_cast<uint64_t>(q * static_cast<double>(total_ - 1));
  uint64_t seen = 0;
  for (int i = 0; i < kBuckets; ++i) {
    seen += counts_[i];
    if (seen > rank) return low_edge(i);
  }
  return low_edge(kBuckets - 1);
}

}  // namespace cio::perf
