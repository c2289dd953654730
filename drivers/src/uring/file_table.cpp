#include "file_table.hpp"

#include <fcntl.h>

#include <system_error>

namespace cio::detail {

void FileTable::init(io_uring& ring, uint32_t slots) {
  if (slots == 0) return;
  const int ret = io_uring_register_files_sparse(&ring, slots);
  if (ret < 0)
    throw std::system_error(-ret, std::system_category(), "io_uring_register_files_sparse");
  staged_.assign(slots, IORING_REGISTER_FILES_SKIP);
  in_use_.assign(slots, false);
}

Result<FixedFd> FileTable::stage_register(int raw_fd, uint32_t slot) {
  if (slot >= in_use_.size()) return std::errc::invalid_argument;
  // Checked now so a bad descriptor fails here, not in the batched update.
  if (raw_fd < 0 || fcntl(raw_fd, F_GETFD) < 0) return std::errc::bad_file_descriptor;
  if (in_use_[slot]) return std::errc::device_or_resource_busy;
  in_use_[slot] = true;
  staged_[slot] = raw_fd;
  mark_dirty(slot);
  return FixedFd{slot};
}

Result<void> FileTable::stage_unregister(FixedFd fd) {
  if (fd.slot >= in_use_.size() || !in_use_[fd.slot]) return std::errc::invalid_argument;
  in_use_[fd.slot] = false;
  staged_[fd.slot] = -1;
  mark_dirty(fd.slot);
  return {};
}

void FileTable::forget(uint32_t slot) noexcept {
  if (slot < in_use_.size()) in_use_[slot] = false;
}

void FileTable::mark_dirty(uint32_t slot) noexcept {
  if (slot < dirty_lo_) dirty_lo_ = slot;
  if (slot > dirty_hi_) dirty_hi_ = slot;
}

Result<void> FileTable::flush(io_uring& ring) noexcept {
  if (!dirty()) return {};
  const uint32_t count = dirty_hi_ - dirty_lo_ + 1;
  const int ret = io_uring_register_files_update(&ring, dirty_lo_, &staged_[dirty_lo_], count);
  for (uint32_t slot = dirty_lo_; slot <= dirty_hi_; ++slot)
    staged_[slot] = IORING_REGISTER_FILES_SKIP;
  dirty_lo_ = UINT32_MAX;
  dirty_hi_ = 0;
  if (ret < 0) return errno_code(-ret);
  return {};
}

}  // namespace cio::detail
