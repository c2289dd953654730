#include <cio/detail/frame_pool.hpp>

#include <array>
#include <new>

namespace cio::detail {
namespace {

constexpr size_t kClasses = kMaxPooledFrame / kFrameGranule;
static_assert(kMaxPooledFrame % kFrameGranule == 0);

// A cached block: its first bytes link it to the next free one.
struct FreeBlock {
  FreeBlock* next;
};

struct SizeClass {
  FreeBlock* head = nullptr;
  size_t count = 0;
};

class FramePool {
 public:
  ~FramePool() {
    trim();
    closed_ = true;  // a frame freed later in thread exit goes to the heap
  }

  void* allocate(size_t size) {
    if (size > kMaxPooledFrame) return ::operator new(size);
    SizeClass& free_list = classes_[index(size)];
    FreeBlock* block = free_list.head;
    if (block == nullptr) return ::operator new(block_bytes(size));
    free_list.head = block->next;
    --free_list.count;
    return block;
  }

  void deallocate(void* frame, size_t size) noexcept {
    if (size > kMaxPooledFrame) return ::operator delete(frame, size);
    SizeClass& free_list = classes_[index(size)];
    if (closed_ || free_list.count * block_bytes(size) >= kClassCacheBytes) {
      return ::operator delete(frame, block_bytes(size));
    }
    free_list.head = new (frame) FreeBlock{free_list.head};
    ++free_list.count;
  }

  void trim() noexcept {
    for (size_t i = 0; i < kClasses; ++i) {
      while (FreeBlock* block = classes_[i].head) {
        classes_[i].head = block->next;
        ::operator delete(block, (i + 1) * kFrameGranule);
      }
      classes_[i].count = 0;
    }
  }

 private:
  static size_t index(size_t size) noexcept { return size == 0 ? 0 : (size - 1) / kFrameGranule; }
  static size_t block_bytes(size_t size) noexcept { return (index(size) + 1) * kFrameGranule; }

  std::array<SizeClass, kClasses> classes_{};
  bool closed_ = false;
};

thread_local FramePool t_pool;

}  // namespace

void* allocate_frame(size_t size) {
  if constexpr (kFramePoolEnabled) {
    return t_pool.allocate(size);
  } else {
    return ::operator new(size);
  }
}

void deallocate_frame(void* frame, size_t size) noexcept {
  if constexpr (kFramePoolEnabled) {
    t_pool.deallocate(frame, size);
  } else {
    ::operator delete(frame, size);
  }
}

void trim_frame_pool() noexcept {
  if constexpr (kFramePoolEnabled) t_pool.trim();
}

}  // namespace cio::detail
