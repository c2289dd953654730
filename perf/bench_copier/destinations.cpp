#include "destinations.hpp"

#include <sys/statvfs.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <utility>

namespace cio::bench {
namespace {

// What a case may fill: three quarters of the free space, less this, so
// that other work on the machine keeps some room.
constexpr uint64_t kDiskMargin = uint64_t{2} << 30;

uint64_t free_disk(const std::string& dir) {
  struct statvfs info {};
  if (::statvfs(dir.c_str(), &info) != 0) throw std::runtime_error("statvfs " + dir);
  return static_cast<uint64_t>(info.f_bavail) * info.f_frsize;
}

}  // namespace

Destinations::Destinations(std::string dir, uint64_t bytes, int reps) : dir_(std::move(dir)) {
  const uint64_t share = free_disk(dir_) / 4 * 3;
  const uint64_t usable = share > kDiskMargin ? share - kDiskMargin : 0;
  const uint64_t pair_bytes = 2 * std::max<uint64_t>(bytes, 1);
  const uint64_t pairs = usable / pair_bytes;
  if (pairs < 1) throw std::runtime_error("no room for two copies under " + dir_);
  fresh_ = pairs >= static_cast<uint64_t>(reps);
  max_pairs_ = fresh_ ? static_cast<int>(std::min<uint64_t>(pairs, 2 * uint64_t(reps))) : 2 * reps;
}

std::string Destinations::next(const char* side, int pair) const {
  const std::string path = dir_ + "/" + side;
  if (fresh_) return path + "-" + std::to_string(pair);
  std::filesystem::remove_all(path);
  return path;
}

}  // namespace cio::bench
