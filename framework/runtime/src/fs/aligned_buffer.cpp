#include <cio/fs/aligned_buffer.hpp>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace cio::fs {

Result<AlignedBuffer> AlignedBuffer::allocate(size_t size, size_t alignment) {
  // posix_memalign's own EINVAL rule, checked first: sanitizers abort on it.
  const bool valid = alignment >= sizeof(void*) && (alignment & (alignment - 1)) == 0;
  if (!valid) return Result<AlignedBuffer>(errno_code(EINVAL), "posix_memalign");
  void* memory = nullptr;
  // posix_memalign(0) may return nullptr; one byte keeps data() non-null.
  if (const int error = posix_memalign(&memory, alignment, size == 0 ? 1 : size); error != 0) {
    return Result<AlignedBuffer>(errno_code(error), "posix_memalign");
  }
  std::memset(memory, 0, size);
  AlignedBuffer buffer;
  buffer.memory_.reset(static_cast<std::byte*>(memory));
  buffer.size_ = size;
  return buffer;
}

void AlignedBuffer::Free::operator()(std::byte* memory) const noexcept { std::free(memory); }

}  // namespace cio::fs
