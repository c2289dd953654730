#include "page_cache_filler.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <utility>
#include <vector>

namespace cio::bench {
namespace {

constexpr uint64_t kFreeTarget = uint64_t{384} << 20;
constexpr size_t kChunk = size_t{1} << 20;

// A /proc/meminfo field in bytes, or 0.
uint64_t meminfo(const char* field) {
  FILE* file = std::fopen("/proc/meminfo", "re");
  if (file == nullptr) return 0;
  char line[256];
  unsigned long long kib = 0;
  const size_t length = std::strlen(field);
  while (std::fgets(line, sizeof(line), file) != nullptr) {
    if (std::strncmp(line, field, length) == 0 && line[length] == ':') {
      std::sscanf(line + length + 1, "%llu", &kib);
      break;
    }
  }
  std::fclose(file);
  return kib * 1024;
}

}  // namespace

PageCacheFiller::PageCacheFiller(std::string path) : path_(std::move(path)) {
  size_ = meminfo("MemTotal") / kChunk * kChunk;
  fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd_ < 0 || size_ == 0 || ::ftruncate(fd_, static_cast<off_t>(size_)) != 0) {
    throw std::runtime_error("cannot make the page cache filler " + path_);
  }
}

PageCacheFiller::~PageCacheFiller() {
  ::close(fd_);
  ::unlink(path_.c_str());
}

void PageCacheFiller::top_up() {
  const uint64_t free = meminfo("MemFree");
  if (free <= kFreeTarget) return;
  std::vector<char> buffer(kChunk);
  for (uint64_t left = free - kFreeTarget; left > 0;) {
    const ssize_t got = ::pread(fd_, buffer.data(), kChunk, static_cast<off_t>(next_));
    if (got <= 0) return;
    left -= std::min<uint64_t>(left, static_cast<uint64_t>(got));
    next_ = (next_ + kChunk) % size_;
  }
}

}  // namespace cio::bench
