#include "progress.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>

#include <cio/time/sleep.hpp>

namespace cio::copier {
namespace {

using namespace std::chrono_literals;

constexpr auto kRedraw = 250ms;

double seconds(time::Clock::duration elapsed) {
  return std::chrono::duration<double>(elapsed).count();
}

std::string format(const char* pattern, auto... values) {
  std::array<char, 160> text{};
  const int length = std::snprintf(text.data(), text.size(), pattern, values...);
  return std::string(text.data(), static_cast<size_t>(std::max(length, 0)));
}

std::string progress_line(Job& job, time::Clock::duration elapsed) {
  const Counts done = gather(job);
  const double rate = static_cast<double>(done.bytes) / std::max(seconds(elapsed), 1e-3);
  // Files that said they were empty (/proc) can make the copy outgrow the plan.
  const uint64_t total = std::max(job.plan().bytes, done.bytes);
  const uint64_t left = total > done.bytes ? total - done.bytes : 0;
  const auto eta = static_cast<unsigned>(rate > 0 ? static_cast<double>(left) / rate : 0);
  const unsigned percent = total == 0 ? 100 : static_cast<unsigned>(done.bytes * 100 / total);
  return human_bytes(static_cast<double>(done.bytes)) + " / " +
         human_bytes(static_cast<double>(total)) +
         format(" (%u%%)  %llu/%llu files  ", percent, static_cast<unsigned long long>(done.files),
                static_cast<unsigned long long>(job.plan().files.size())) +
         human_bytes(rate) + format("/s  ETA %u:%02u", eta / 60, eta % 60);
}

}  // namespace

Counts gather(Job& job) noexcept {
  Counts counts;
  uint64_t discarded = 0;
  for (unsigned shard = 0; shard < job.shards(); ++shard) {
    const ShardTally& tally = job.tally(shard);
    counts.bytes += tally.bytes.load(std::memory_order_relaxed);
    counts.files += tally.files.load(std::memory_order_relaxed);
    discarded += tally.discarded.load(std::memory_order_relaxed);
  }
  // Another shard's discard may be seen before the bytes it takes back.
  counts.bytes = counts.bytes > discarded ? counts.bytes - discarded : 0;
  return counts;
}

std::string human_bytes(double bytes) {
  static constexpr std::array<const char*, 5> kUnits{"B", "KiB", "MiB", "GiB", "TiB"};
  size_t unit = 0;
  while (bytes >= 1024 && unit + 1 < kUnits.size()) {
    bytes /= 1024;
    ++unit;
  }
  return unit == 0 ? format("%.0f B", bytes) : format("%.1f %s", bytes, kUnits[unit]);
}

Task<void> draw_progress(Job& job, time::Clock::time_point started, StopToken stop,
                         sync::Gate::Holder) {
  while (!stop.stop_requested()) {
    Result<void> slept = co_await time::sleep(kRedraw, stop);
    (void)slept;  // stopped early: draw the final state
    job.console().progress(progress_line(job, time::Clock::now() - started));
  }
}

std::string summary(const Plan& plan, const Counts& done, uint64_t failures,
                    time::Clock::duration elapsed) {
  const double rate = static_cast<double>(done.bytes) / std::max(seconds(elapsed), 1e-3);
  std::string text =
      format("copied %llu of %llu files, ", static_cast<unsigned long long>(done.files),
             static_cast<unsigned long long>(plan.files.size())) +
      human_bytes(static_cast<double>(done.bytes)) + format(" in %.2f s (", seconds(elapsed)) +
      human_bytes(rate) + "/s)";
  if (failures > 0) text += format(", %llu failed", static_cast<unsigned long long>(failures));
  if (plan.skipped > 0) text += format(", %zu skipped", plan.skipped);
  return text;
}

}  // namespace cio::copier
