// The io_uring registered-file table, with updates batched: register/
// unregister only record the change; flush() applies every change since the
// last flush in one io_uring_register_files_update over the dirty range,
// leaving untouched slots alone (IORING_REGISTER_FILES_SKIP).
#pragma once

#include <liburing.h>

#include <cstdint>
#include <vector>

#include <cio/driver/fd.hpp>
#include <cio/driver/result.hpp>

namespace cio::detail {

class FileTable {
 public:
  // Registers a sparse table of `slots` entries (0: none). Throws on failure.
  void init(io_uring& ring, uint32_t slots);

  Result<FixedFd> stage_register(int raw_fd, uint32_t slot);
  Result<void> stage_unregister(FixedFd fd);
  // A fixed Close frees the slot in the kernel; mirror that here.
  void forget(uint32_t slot) noexcept;
  // Applies staged changes; returns the kernel's error, if any.
  Result<void> flush(io_uring& ring) noexcept;
  bool dirty() const noexcept { return dirty_lo_ <= dirty_hi_; }

 private:
  void mark_dirty(uint32_t slot) noexcept;

  std::vector<int> staged_;  // per slot: new fd, -1 (remove) or SKIP
  std::vector<bool> in_use_;
  uint32_t dirty_lo_ = UINT32_MAX;
  uint32_t dirty_hi_ = 0;
};

}  // namespace cio::detail
