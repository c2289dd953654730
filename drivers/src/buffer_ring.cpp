#include <cio/driver/buffer_ring.hpp>

#include <liburing.h>
#include <sys/mman.h>

#include <cerrno>
#include <stdexcept>
#include <system_error>

namespace cio {
namespace {

void* map_anonymous(size_t bytes) {
  void* memory = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (memory == MAP_FAILED) throw std::system_error(errno, std::system_category(), "mmap");
  return memory;
}

io_uring_buf_ring* ring_of(void* memory) { return static_cast<io_uring_buf_ring*>(memory); }

}  // namespace

BufferRing::BufferRing(uint16_t group, uint32_t count, uint32_t size)
    : group_(group), count_(count), size_(size) {
  if (count == 0 || count > 32768 || (count & (count - 1)) != 0) {
    throw std::invalid_argument("BufferRing: count must be a power of two in [1, 32768]");
  }
  if (size == 0) throw std::invalid_argument("BufferRing: buffer size must be positive");
  ring_bytes_ = sizeof(io_uring_buf) * count;
  ring_ = map_anonymous(ring_bytes_);
  try {
    data_ = static_cast<std::byte*>(map_anonymous(size_t{count} * size));
  } catch (...) {
    munmap(ring_, ring_bytes_);
    throw;
  }
  io_uring_buf_ring_init(ring_of(ring_));
  for (uint32_t id = 0; id < count; ++id) stage(static_cast<uint16_t>(id));
  publish();
}

BufferRing::~BufferRing() {
  munmap(data_, size_t{count_} * size_);
  munmap(ring_, ring_bytes_);
}

void BufferRing::stage(uint16_t id) noexcept {
  io_uring_buf_ring_add(ring_of(ring_), data_ + size_t{id} * size_, size_, id,
                        io_uring_buf_ring_mask(count_), static_cast<int>(staged_));
  ++staged_;
}

void BufferRing::publish() noexcept {
  io_uring_buf_ring_advance(ring_of(ring_), static_cast<int>(staged_));
  staged_ = 0;
}

void BufferRing::recycle(uint16_t id) noexcept {
  stage(id);
  publish();
}

}  // namespace cio
