#include "mapped_range.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

namespace cio::copier {

Result<MappedRange> MappedRange::map(int fd, uint64_t begin, uint64_t end) noexcept {
  static const auto page = static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
  MappedRange range;
  range.start_ = begin / page * page;
  range.size_ = static_cast<size_t>(end - range.start_);
  void* base = ::mmap(nullptr, range.size_, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
                      static_cast<off_t>(range.start_));
  if (base == MAP_FAILED) return Result<MappedRange>(errno_code(errno), "mmap");
  range.base_ = static_cast<std::byte*>(base);
  return range;
}

MappedRange::~MappedRange() { reset(); }

MappedRange::MappedRange(MappedRange&& other) noexcept
    : base_(std::exchange(other.base_, nullptr)), size_(other.size_), start_(other.start_) {}

MappedRange& MappedRange::operator=(MappedRange&& other) noexcept {
  if (this != &other) {
    reset();
    base_ = std::exchange(other.base_, nullptr);
    size_ = other.size_;
    start_ = other.start_;
  }
  return *this;
}

void MappedRange::reset() noexcept {
  if (base_ != nullptr) ::munmap(base_, size_);
  base_ = nullptr;
}

}  // namespace cio::copier
