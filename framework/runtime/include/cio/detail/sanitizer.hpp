// Whether this build runs under a sanitizer, as constants (GCC and clang
// announce it differently).
#pragma once

#if defined(__has_feature)
#define CIO_HAS_FEATURE(feature) __has_feature(feature)
#else
#define CIO_HAS_FEATURE(feature) 0
#endif

namespace cio::detail {

#if defined(__SANITIZE_ADDRESS__) || CIO_HAS_FEATURE(address_sanitizer)
inline constexpr bool kAddressSanitizer = true;
#else
inline constexpr bool kAddressSanitizer = false;
#endif

// A sanitizer that tracks every heap block (address, thread or memory):
// memory recycled behind its back hides the bugs it looks for.
#if defined(__SANITIZE_THREAD__) || CIO_HAS_FEATURE(thread_sanitizer) || \
    CIO_HAS_FEATURE(memory_sanitizer)
inline constexpr bool kHeapSanitizer = true;
#else
inline constexpr bool kHeapSanitizer = kAddressSanitizer;
#endif

}  // namespace cio::detail
