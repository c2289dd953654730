#include "alloc_count.hpp"

#include <cstddef>
#include <cstdlib>
#include <new>

namespace {

// Per thread: no atomic on the allocation path (a cost both sides of a
// comparison would pay), and no race with a side's helper threads.
thread_local uint64_t t_allocations = 0;

void* allocate(size_t size, size_t alignment) {
  ++t_allocations;
  const size_t rounded = (size + alignment - 1) / alignment * alignment;
  void* ptr = alignment <= alignof(std::max_align_t) ? std::malloc(size == 0 ? 1 : size)
                                                     : std::aligned_alloc(alignment, rounded);
  if (ptr == nullptr) throw std::bad_alloc();
  return ptr;
}

// Out of line: inlined into a delete-expression, a bare free() reads to GCC
// as freeing memory from operator new (-Wmismatched-new-delete), although
// here operator new is malloc.
[[gnu::noinline]] void release(void* ptr) noexcept { std::free(ptr); }

}  // namespace

// The array and nothrow forms of the standard library call these.
void* operator new(size_t size) { return allocate(size, alignof(std::max_align_t)); }
void* operator new(size_t size, std::align_val_t align) {
  return allocate(size, static_cast<size_t>(align));
}
void operator delete(void* ptr) noexcept { release(ptr); }
void operator delete(void* ptr, size_t) noexcept { release(ptr); }
void operator delete(void* ptr, std::align_val_t) noexcept { release(ptr); }
void operator delete(void* ptr, size_t, std::align_val_t) noexcept { release(ptr); }

namespace cio::bench {

uint64_t allocation_count() noexcept { return t_allocations; }

}  // namespace cio::bench
