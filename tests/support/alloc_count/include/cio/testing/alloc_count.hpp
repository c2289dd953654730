// Heap allocations, counted: linking cio_alloc_count replaces the global
// operator new and delete and, where no sanitizer intercepts them, malloc,
// calloc, realloc, aligned_alloc, posix_memalign and free, so a claim like
// "no allocation per op" is measured, not assumed. Counts are per thread:
// no atomic on the allocation path, no noise from other threads.
//
//   cio::alloc_count::Counter counter;
//   run_the_hot_path();
//   EXPECT_EQ(counter.count(), 0U);
#pragma once

#include <cstddef>
#include <cstdint>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define CIO_ALLOC_COUNT_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define CIO_ALLOC_COUNT_SANITIZED 1
#endif
#endif

// ThreadSanitizer's runtime (linked statically by clang) defines operator
// new and delete itself, so they cannot be replaced and nothing is counted.
#if defined(__SANITIZE_THREAD__)
#define CIO_ALLOC_COUNT_NO_NEW 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define CIO_ALLOC_COUNT_NO_NEW 1
#endif
#endif

namespace cio::alloc_count {

// False under ThreadSanitizer: total() stays 0; tests skip their counts.
#ifdef CIO_ALLOC_COUNT_NO_NEW
inline constexpr bool kCountsNew = false;
#else
inline constexpr bool kCountsNew = true;
#endif

// False under a sanitizer: its runtime replaces malloc itself and must see
// every call, so only operator new is counted there.
#ifdef CIO_ALLOC_COUNT_SANITIZED
inline constexpr bool kCountsMalloc = false;
#else
inline constexpr bool kCountsMalloc = true;
#endif

// Allocations the calling thread has made since it started.
uint64_t total() noexcept;
// The size in bytes of the calling thread's latest allocation.
size_t last_size() noexcept;

// Counts the calling thread's allocations from its construction on.
class Counter {
 public:
  Counter() noexcept : start_(total()) {}
  uint64_t count() const noexcept { return total() - start_; }

 private:
  uint64_t start_;
};

}  // namespace cio::alloc_count
