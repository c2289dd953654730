/// @file
/// Message: a move-only, type-erased `void()` callable sized to one cache
/// line, the element of the shard message rings. A callable up to
/// inline_capacity bytes (alignment up to max_align_t, nothrow move) lives
/// inside the Message, so sending it allocates nothing; a larger one is
/// moved to the heap, which heap_allocations() counts. Dispatch goes through
/// a static table of function pointers per callable type, not a vtable.
///
///   cio::shard::Message message([&counter] { ++counter; });
///   message();  // runs the callable; what it throws propagates
#pragma once

#include <atomic>
#include <cassert>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>

namespace cio::shard {

class Message;

namespace detail {
// What a Message can hold: a `void()` callable (any result is discarded)
// that is not itself a Message.
template <typename F>
concept MessageCallable =
    !std::same_as<std::decay_t<F>, Message> && std::is_invocable_v<std::decay_t<F>&> &&
    std::is_constructible_v<std::decay_t<F>, F>;
}  // namespace detail

/// A move-only, type-erased `void()` callable in one 64-byte cache line (see
/// the file comment). Not thread-safe: one thread uses a Message at a time.
class Message {
  static constexpr size_t kSize = 64;

 public:
  /// Bytes of callable stored without allocating: the line minus the table pointer.
  static constexpr size_t inline_capacity = kSize - sizeof(void*);

  /// True when a callable of type F is stored inline rather than on the heap.
  template <typename F>
  static constexpr bool fits_inline() noexcept {
    using D = std::decay_t<F>;
    return sizeof(D) <= inline_capacity && alignof(D) <= alignof(std::max_align_t) &&
           std::is_nothrow_move_constructible_v<D>;
  }

  /// An empty Message: false when tested, must not be called.
  Message() noexcept = default;

  /// Takes `f` (moved or copied in). Throws what constructing the callable
  /// throws, or std::bad_alloc on the heap path.
  template <detail::MessageCallable F>
  Message(F&& f) {  // NOLINT: implicit, so ring.try_emplace(lambda) works
    using D = std::decay_t<F>;
    if constexpr (fits_inline<F>()) {
      ::new (static_cast<void*>(storage_)) D(std::forward<F>(f));
      ops_ = &InlineOps<D>::table;
    } else {
      D* heap = new D(std::forward<F>(f));
      ::new (static_cast<void*>(storage_)) D*(heap);
      heap_allocations_.fetch_add(1, std::memory_order_relaxed);
      ops_ = &HeapOps<D>::table;
    }
  }

  /// Takes other's callable (moved into place); `other` is left empty.
  Message(Message&& other) noexcept { take(other); }
  /// Destroys the callable held, then takes other's; `other` is left empty.
  Message& operator=(Message&& other) noexcept {
    if (this != &other) {
      reset();
      take(other);
    }
    return *this;
  }
  Message(const Message&) = delete;             ///< Move-only.
  Message& operator=(const Message&) = delete;  ///< Move-only.
  /// Destroys the callable (and frees its heap copy, if it has one).
  ~Message() { reset(); }

  /// Runs the callable (it may be run again). What it throws propagates and
  /// the Message keeps it. Calling an empty Message is a bug (asserted).
  void operator()() {
    assert(ops_ != nullptr && "calling an empty cio::shard::Message");
    ops_->invoke(storage_);
  }
  /// True when it holds a callable; false when default-built or moved from.
  explicit operator bool() const noexcept { return ops_ != nullptr; }

  /// Callables moved to the heap so far, by all threads: a relaxed atomic
  /// count, for checking that a program's messages stay inline.
  static uint64_t heap_allocations() noexcept {
    return heap_allocations_.load(std::memory_order_relaxed);
  }

 private:
  struct Ops {
    void (*invoke)(void* storage);
    // Move-constructs into `to` and destroys the source: one indirect call per move.
    void (*relocate)(void* from, void* to) noexcept;
    void (*destroy)(void* storage) noexcept;
  };

  template <typename D>
  struct InlineOps {
    static D& get(void* storage) noexcept { return *std::launder(static_cast<D*>(storage)); }
    static void invoke(void* storage) { static_cast<void>(std::invoke(get(storage))); }
    static void relocate(void* from, void* to) noexcept {
      ::new (to) D(std::move(get(from)));
      std::destroy_at(&get(from));
    }
    static void destroy(void* storage) noexcept { std::destroy_at(&get(storage)); }
    static constexpr Ops table{&invoke, &relocate, &destroy};
  };

  // The storage holds a D* (trivial, so relocating copies the pointer).
  template <typename D>
  struct HeapOps {
    static D*& get(void* storage) noexcept { return *std::launder(static_cast<D**>(storage)); }
    static void invoke(void* storage) { static_cast<void>(std::invoke(*get(storage))); }
    static void relocate(void* from, void* to) noexcept { ::new (to) D*(get(from)); }
    static void destroy(void* storage) noexcept { delete get(storage); }
    static constexpr Ops table{&invoke, &relocate, &destroy};
  };

  void take(Message& other) noexcept {
    if (other.ops_ == nullptr) return;
    other.ops_->relocate(other.storage_, storage_);
    ops_ = std::exchange(other.ops_, nullptr);
  }
  void reset() noexcept {
    if (ops_ != nullptr) std::exchange(ops_, nullptr)->destroy(storage_);
  }

  inline static std::atomic<uint64_t> heap_allocations_{0};

  // Storage first: max_align_t alignment at offset 0 leaves the table
  // pointer the last 8 bytes, keeping the whole Message at 64.
  alignas(std::max_align_t) std::byte storage_[inline_capacity];
  const Ops* ops_ = nullptr;
};

static_assert(sizeof(Message) == 64, "a Message is one cache line of a ring slot");

}  // namespace cio::shard
