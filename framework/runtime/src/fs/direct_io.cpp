#include "direct_io.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <mutex>
#include <set>
#include <string>

namespace cio::fs::detail {
namespace {

constexpr uint32_t kDefaultAlignment = 4096;

// Keeps each distinct message once, for good: Result carries the operation
// as a plain pointer. There are only a few (operations x checks x alignments).
const char* intern(std::string message) {
  static std::mutex mutex;
  static std::set<std::string> messages;
  std::lock_guard lock(mutex);
  return messages.insert(std::move(message)).first->c_str();
}

}  // namespace

uint32_t direct_alignment(int fd) noexcept {
#ifdef STATX_DIOALIGN
  struct statx info {};
  if (statx(fd, "", AT_EMPTY_PATH, STATX_DIOALIGN, &info) == 0 &&
      (info.stx_mask & STATX_DIOALIGN) != 0 && info.stx_dio_offset_align != 0) {
    return std::max(info.stx_dio_mem_align, info.stx_dio_offset_align);
  }
#else
  (void)fd;
#endif
  return kDefaultAlignment;
}

const char* misalignment(const char* operation, uint32_t alignment, const void* data, size_t length,
                         uint64_t offset) {
  const char* which = nullptr;
  if (reinterpret_cast<uintptr_t>(data) % alignment != 0) {
    which = "buffer address";
  } else if (length % alignment != 0) {
    which = "length";
  } else if (offset % alignment != 0) {
    which = "offset";
  } else {
    return nullptr;
  }
  return intern(std::string(operation) + ": O_DIRECT " + which + " must be a multiple of " +
                std::to_string(alignment));
}

}  // namespace cio::fs::detail
