/// @file
/// SpscRing<T>: a bounded single-producer single-consumer ring between two
/// threads, the building block of the shard message mesh. The producer
/// pushes (constructing in place) and makes its pushes visible in batches
/// with publish(): one release store however many were pushed. The consumer
/// pops one at a time or drains a batch, freeing the slots with one release
/// store. Each side caches the other's index and re-reads it (acquire) only
/// when the cache says full or empty, so a side touches the other's cache
/// line only when it has to (rigtorp's SPSCQueue, plus batched publishing).
/// try_pop frees slots lazily, an eighth of the ring at a time (and all of
/// them once it finds the ring empty): a producer running into a full ring
/// then finds a run of free slots, instead of one slot, and one cache-line
/// transfer, per push.
///
///   cio::shard::SpscRing<Job> ring(1024);
///   if (ring.try_emplace(args...)) ring.publish();    // producer thread
///   ring.drain([](Job& job) { job.run(); });          // consumer thread
///
/// Misuse (two producers, two consumers) is not detected. Destroying the ring
/// needs both sides finished and synchronized with the destroying thread.
#pragma once

#include <algorithm>
#include <atomic>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <optional>
#include <span>
#include <stdexcept>
#include <type_traits>
#include <utility>

namespace cio::shard {

/// A bounded ring of T from one producer thread to one consumer thread (see
/// the file comment). Members say which side may call them; T must not
/// throw when destroyed.
template <typename T>
class SpscRing {
  static_assert(std::is_nothrow_destructible_v<T>, "elements are destroyed on the consumer path");

  static constexpr size_t kCacheLine = 64;

 public:
  /// Usable capacity is `capacity` rounded up to a power of two. Throws
  /// std::invalid_argument for 0 and std::length_error when too large.
  explicit SpscRing(size_t capacity)
      : mask_(round_up(capacity) - 1),
        release_batch_(std::max<size_t>(1, (mask_ + 1) / 8)),
        slots_(allocate(mask_ + 1)) {
    static_assert(alignof(SpscRing) == kCacheLine && sizeof(SpscRing) == 5 * kCacheLine,
                  "read-only fields, then each side's state and index on a line of its own");
    producer_.limit = mask_ + 1;
  }
  /// Destroys the elements still in the ring, published or not.
  ~SpscRing() {
    for (size_t i = consumer_.read; i != producer_.write; ++i) std::destroy_at(slot(i));
    ::operator delete (slots_, std::align_val_t{kSlotAlign});
  }
  SpscRing(const SpscRing&) = delete;             ///< Not copyable: both threads point at it.
  SpscRing& operator=(const SpscRing&) = delete;  ///< Not copyable: both threads point at it.

  /// Elements it holds at most: the constructor's capacity rounded up to a
  /// power of two. Either side may call it.
  size_t capacity() const noexcept { return mask_ + 1; }

  /// Producer: constructs an element in the next free slot. Returns false
  /// (constructing nothing) when the ring is full. The element stays
  /// invisible to the consumer until publish(). If the constructor throws,
  /// the ring is unchanged.
  template <typename... Args>
  [[nodiscard]] bool try_emplace(Args&&... args) noexcept(
      std::is_nothrow_constructible_v<T, Args...>) {
    const size_t write = producer_.write;
    if (write == producer_.limit) {
      producer_.limit = head_.value.load(std::memory_order_acquire) + capacity();
      if (write == producer_.limit) return false;
    }
    std::construct_at(reinterpret_cast<T*>(slots_[write & mask_].bytes),
                      std::forward<Args>(args)...);
    producer_.write = write + 1;
    return true;
  }
  /// Producer: try_emplace by move; on false `value` is untouched.
  [[nodiscard]] bool try_push(T&& value) noexcept(std::is_nothrow_move_constructible_v<T>) {
    return try_emplace(std::move(value));
  }
  /// Producer: copies as many of `values` as fit (front first) into free
  /// slots, invisible until publish(); returns how many. Runs up to the wrap
  /// are copied as blocks (a memcpy for trivially copyable T).
  size_t try_push_some(std::span<const T> values) noexcept(
      std::is_nothrow_copy_constructible_v<T>) {
    if (producer_.limit - producer_.write < values.size()) {
      producer_.limit = head_.value.load(std::memory_order_acquire) + capacity();
    }
    const size_t count = std::min(values.size(), producer_.limit - producer_.write);
    size_t done = 0;
    while (done < count) {
      const size_t at = producer_.write & mask_;
      const size_t length = std::min(count - done, capacity() - at);
      std::uninitialized_copy_n(values.data() + done, length,
                                reinterpret_cast<T*>(slots_[at].bytes));
      producer_.write += length;
      done += length;
    }
    return count;
  }
  /// Producer: makes every element pushed so far visible to the consumer.
  void publish() noexcept {
    if (producer_.write == producer_.published) return;
    producer_.published = producer_.write;
    tail_.value.store(producer_.write, std::memory_order_release);
  }
  /// Producer: how many elements were pushed but not yet published.
  size_t unpublished() const noexcept { return producer_.write - producer_.published; }

  /// Consumer: moves out the oldest published element, or returns nullopt
  /// when none is published. Its slot goes back to the producer with the
  /// next eighth of the ring popped, or when try_pop next finds the ring
  /// empty, or with the next drain. If T's move constructor throws, the
  /// element is destroyed all the same and the exception propagates (as in
  /// drain).
  [[nodiscard]] std::optional<T> try_pop() noexcept(std::is_nothrow_move_constructible_v<T>) {
    const size_t read = consumer_.read;
    if (read == consumer_.cached_tail) {
      consumer_.cached_tail = tail_.value.load(std::memory_order_acquire);
      if (read == consumer_.cached_tail) {
        if (consumer_.released != read) release(read);
        return std::nullopt;
      }
    }
    // Guards, so the result is built straight in the caller's object and
    // the element is destroyed after that.
    const Advance advance{*this, read + 1};
    const Destroy element{slot(read)};
    return std::optional<T>(std::move(*element.ptr));
  }

  /// Consumer: calls f(T&) on up to `max` published elements, oldest first,
  /// destroying each after f returns, then frees their slots with one
  /// release store. Returns how many it consumed. If f throws, the element
  /// it threw on is destroyed and freed with those before it, and the
  /// exception propagates.
  template <typename F>
  size_t drain(F&& f, size_t max = SIZE_MAX) {
    const size_t first = consumer_.read;
    if (consumer_.cached_tail - first < max) {
      consumer_.cached_tail = tail_.value.load(std::memory_order_acquire);
    }
    const size_t count = std::min(consumer_.cached_tail - first, max);
    if (count == 0) return 0;
    ReleaseAll release{*this, first};
    const size_t end = first + count;
    while (release.read != end) {
      // Up to the end or the wrap, the slots are contiguous: walking them by
      // pointer lets the compiler unroll or vectorize a simple f.
      T* const run = slot(release.read);
      const size_t length = std::min(end - release.read, capacity() - (release.read & mask_));
      for (T* element = run; element != run + length; ++element) {
        ++release.read;
        const Destroy guard{element};
        f(*element);
      }
    }
    return count;
  }

  /// Consumer: true when nothing published is left to read. Acquire-loads
  /// the producer's index, so it is the re-check before the consumer sleeps
  /// (the sleeping flag and its fence are the caller's).
  bool empty_for_consumer() const noexcept {
    return consumer_.read == tail_.value.load(std::memory_order_acquire);
  }

 private:
  // Raw storage: elements are constructed in place, so T needs no default
  // constructor and a free slot holds no object.
  struct Slot {
    alignas(T) std::byte bytes[sizeof(T)];
  };
  static constexpr size_t kSlotAlign = std::max(kCacheLine, alignof(T));

  // Per side: the state only that side touches. Each published index sits
  // alone on its line, so the consumer polling it never contends with the
  // producer's unpublished pushes (and the same for the head).
  struct alignas(kCacheLine) ProducerState {
    size_t write = 0;      // next slot to construct
    size_t published = 0;  // last value stored to tail_
    size_t limit = 0;      // the consumer's head as last seen + capacity: full at write == limit
  };
  struct alignas(kCacheLine) ConsumerState {
    size_t read = 0;         // next slot to consume
    size_t cached_tail = 0;  // producer's tail as last seen
    size_t released = 0;     // last value stored to head_
  };
  struct alignas(kCacheLine) Index {
    std::atomic<size_t> value{0};
  };
  static_assert(sizeof(ProducerState) == kCacheLine && sizeof(ConsumerState) == kCacheLine &&
                sizeof(Index) == kCacheLine);
  static_assert(std::atomic<size_t>::is_always_lock_free);

  // Hands every slot before `read` back to the producer.
  void release(size_t read) noexcept {
    consumer_.released = read;
    head_.value.store(read, std::memory_order_release);
  }
  // Frees the consumed slots with one release store as drain returns, also
  // on a throw.
  struct ReleaseAll {
    SpscRing& ring;
    size_t read;
    ~ReleaseAll() {
      ring.consumer_.read = read;
      ring.release(read);
    }
  };
  // try_pop's step: frees slots once a batch of them is consumed, also on
  // a throw.
  struct Advance {
    SpscRing& ring;
    size_t read;
    ~Advance() {
      ring.consumer_.read = read;
      if (read - ring.consumer_.released >= ring.release_batch_) ring.release(read);
    }
  };
  struct Destroy {
    T* ptr;
    ~Destroy() { std::destroy_at(ptr); }
  };

  static size_t round_up(size_t capacity) {
    if (capacity == 0) throw std::invalid_argument("SpscRing capacity must be positive");
    if (capacity > (SIZE_MAX / 2) / sizeof(Slot)) throw std::length_error("SpscRing capacity");
    return std::bit_ceil(capacity);
  }
  // Whole cache lines, so no neighbouring allocation shares a line with a slot.
  static Slot* allocate(size_t count) {
    const size_t bytes = (count * sizeof(Slot) + kSlotAlign - 1) / kSlotAlign * kSlotAlign;
    return static_cast<Slot*>(::operator new (bytes, std::align_val_t{kSlotAlign}));
  }
  // The element in a slot that holds one.
  T* slot(size_t index) const noexcept {
    return std::launder(reinterpret_cast<T*>(slots_[index & mask_].bytes));
  }

  // Read-only after construction: shared by both sides without traffic.
  const size_t mask_;
  const size_t release_batch_;  // try_pop frees slots this many at a time
  Slot* const slots_;
  alignas(kCacheLine) ProducerState producer_;
  Index tail_;  // published by the producer, read by the consumer
  ConsumerState consumer_;
  Index head_;  // freed by the consumer, read by the producer
};

}  // namespace cio::shard
