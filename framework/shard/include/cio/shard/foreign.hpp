/// @file
/// Foreign<T>: an object owned by one shard that may travel to others and is
/// always destroyed back on its home shard (the shard that wrapped it), as
/// shard-local state (allocator caches, non-atomic counts) requires.
///
///   auto item = cio::Foreign(std::make_unique<Item>());   // home: this shard
///   co_await cio::submit_to(1, [](cio::Foreign<Item> it) { use(*it); }, std::move(item));
///   // destroyed on the home shard, whichever shard drops it
#pragma once

#include <memory>
#include <utility>

#include <cio/shard/detail/outgoing.hpp>
#include <cio/shard/shard.hpp>

namespace cio {

/// Owns a T that may be used on any shard but is always destroyed on its home
/// shard (see the file comment). Move-only; moving it costs nothing, dropping
/// it off its home shard costs one message there.
template <typename T>
class Foreign {
 public:
  /// Empty: holds nothing.
  Foreign() noexcept = default;
  /// Takes `object`; the calling shard becomes its home.
  explicit Foreign(std::unique_ptr<T> object) noexcept
      : object_(std::move(object)), home_(this_shard()) {}
  /// Takes other's object and home; `other` is left empty.
  Foreign(Foreign&&) noexcept = default;
  /// Drops the object held (as reset() does), then takes other's object and
  /// home; `other` is left empty.
  Foreign& operator=(Foreign&& other) noexcept {
    if (this != &other) {
      reset();
      object_ = std::move(other.object_);
      home_ = other.home_;
    }
    return *this;
  }
  /// reset(): the object is destroyed on its home shard.
  ~Foreign() { reset(); }

  /// The object, or nullptr when empty. Whether T may be used off its home
  /// shard is T's business: Foreign only carries it, it adds no locking.
  T* get() const noexcept { return object_.get(); }
  /// The object; the Foreign must not be empty.
  T& operator*() const noexcept { return *object_; }
  /// The object; the Foreign must not be empty.
  T* operator->() const noexcept { return object_.get(); }
  /// True when it holds an object.
  explicit operator bool() const noexcept { return object_ != nullptr; }
  /// The shard the object is destroyed on: the one that wrapped it.
  unsigned home() const noexcept { return home_; }

  /// Leaves the Foreign empty. On the home shard the object is destroyed now;
  /// elsewhere it is posted home and destroyed there on a later loop turn
  /// (fire and forget: a full ring costs one heap node, never a wait). If the
  /// launch is already over, it dies where it is.
  void reset() {
    if (!object_) return;
    if (this_shard() == home_) {
      object_.reset();
      return;
    }
    shard::detail::post(
        home_, shard::Message([object = std::move(object_)]() mutable { object.reset(); }));
  }

 private:
  std::unique_ptr<T> object_;
  unsigned home_ = 0;
};

}  // namespace cio
