#include <cio/testing/alloc_count.hpp>

#include <cerrno>
#include <cstdlib>
#include <new>

namespace {

constinit thread_local uint64_t t_allocations = 0;
constinit thread_local size_t t_last_size = 0;

[[maybe_unused]] void count(size_t size) noexcept {
  ++t_allocations;
  t_last_size = size;
}

}  // namespace

#ifndef CIO_ALLOC_COUNT_SANITIZED
// The C allocator, counted: thin wrappers over glibc's own entry points
// (glibc supports replacing malloc this way).
extern "C" {
void* __libc_malloc(size_t size);
void* __libc_calloc(size_t count, size_t size);
void* __libc_realloc(void* ptr, size_t size);
void* __libc_memalign(size_t alignment, size_t size);
void __libc_free(void* ptr);

void* malloc(size_t size) noexcept {
  count(size);
  return __libc_malloc(size);
}
void* calloc(size_t n, size_t size) noexcept {
  count(n * size);
  return __libc_calloc(n, size);
}
void* realloc(void* ptr, size_t size) noexcept {
  count(size);
  return __libc_realloc(ptr, size);
}
void* aligned_alloc(size_t alignment, size_t size) noexcept {
  count(size);
  return __libc_memalign(alignment, size);
}
int posix_memalign(void** out, size_t alignment, size_t size) noexcept {
  count(size);
  void* ptr = __libc_memalign(alignment, size);
  if (ptr == nullptr) return ENOMEM;
  *out = ptr;
  return 0;
}
void free(void* ptr) noexcept { __libc_free(ptr); }
}
#endif

#ifndef CIO_ALLOC_COUNT_NO_NEW
namespace {

// operator new counts once, then takes the memory uncounted.
void* take(size_t size, size_t alignment) noexcept {
#ifdef CIO_ALLOC_COUNT_SANITIZED
  if (alignment <= alignof(std::max_align_t)) return std::malloc(size);
  const size_t rounded = (size + alignment - 1) / alignment * alignment;
  return std::aligned_alloc(alignment, rounded);
#else
  if (alignment <= alignof(std::max_align_t)) return __libc_malloc(size);
  return __libc_memalign(alignment, size);
#endif
}

void* allocate(size_t size, size_t alignment) {
  count(size);
  if (void* ptr = take(size == 0 ? 1 : size, alignment)) return ptr;
  throw std::bad_alloc();
}

// Out of line: inlined into a delete-expression, a bare free() reads to GCC
// as freeing memory from operator new (-Wmismatched-new-delete), although
// here operator new is malloc.
[[gnu::noinline]] void release(void* ptr) noexcept { std::free(ptr); }

}  // namespace

// libstdc++'s array and nothrow forms call these.
void* operator new(size_t size) { return allocate(size, alignof(std::max_align_t)); }
void* operator new(size_t size, std::align_val_t align) {
  return allocate(size, static_cast<size_t>(align));
}
void operator delete(void* ptr) noexcept { release(ptr); }
void operator delete(void* ptr, size_t) noexcept { release(ptr); }
void operator delete(void* ptr, std::align_val_t) noexcept { release(ptr); }
void operator delete(void* ptr, size_t, std::align_val_t) noexcept { release(ptr); }
#endif

namespace cio::alloc_count {

uint64_t total() noexcept { return t_allocations; }
size_t last_size() noexcept { return t_last_size; }

}  // namespace cio::alloc_count
