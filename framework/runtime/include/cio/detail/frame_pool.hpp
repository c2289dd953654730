// The coroutine frame pool: Task frames are allocated through it (see
// TaskPromise), so a shard that spawns and finishes tasks all day reuses
// the same blocks instead of going to malloc each time.
//
// Per thread, no locks and no atomics. Frames up to kMaxPooledFrame bytes
// fall into classes of kFrameGranule bytes; each class keeps at most
// kClassCacheBytes of free blocks (so at most 64 x 64 KiB per thread) and
// hands the rest back to ::operator delete. Larger frames go straight to
// ::operator new. Every block comes from ::operator new sized to its class,
// so a frame freed on another thread (a task that migrated) simply joins
// that thread's pool. A thread's cache is freed when the thread exits.
//
// Under ASan or TSan, or with CIO_NO_FRAME_POOL defined (e.g. for
// valgrind), the pool is bypassed so use-after-free of a frame is caught.
#pragma once

#include <cstddef>

#include <cio/detail/sanitizer.hpp>

namespace cio::detail {

#ifdef CIO_NO_FRAME_POOL
inline constexpr bool kFramePoolEnabled = false;
#else
inline constexpr bool kFramePoolEnabled = !kHeapSanitizer;
#endif

inline constexpr size_t kFrameGranule = 64;
// Big enough for a frame that awaits a few ops (each holds its iovec,
// msghdr or sockaddr), such as a send loop awaiting writes and writevs.
inline constexpr size_t kMaxPooledFrame = 4096;
inline constexpr size_t kClassCacheBytes = 64 * 1024;

// A block of at least `size` bytes: a cached one of its class if there is
// one, else from ::operator new (throws std::bad_alloc).
void* allocate_frame(size_t size);
// Returns a block from allocate_frame(size) with the same `size`, on any
// thread: it is cached there, or freed if its class is full.
void deallocate_frame(void* frame, size_t size) noexcept;
// Frees every block the calling thread's pool caches.
void trim_frame_pool() noexcept;

}  // namespace cio::detail
