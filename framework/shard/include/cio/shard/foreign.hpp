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

template <typename T>
class Foreign {
 public:
  Foreign() noexcept = default;
  explicit Foreign(std::unique_ptr<T> object) noexcept
      : object_(std::move(object)), home_(this_shard()) {}
  Foreign(Foreign&&) noexcept = default;
  Foreign& operator=(Foreign&& other) noexcept {
    if (this != &other) {
      reset();
      object_ = std::move(other.object_);
      home_ = other.home_;
    }
    return *this;
  }
  ~Foreign() { reset(); }

  T* get() const noexcept { return object_.get(); }
  T& operator*() const noexcept { return *object_; }
  T* operator->() const noexcept { return object_.get(); }
  explicit operator bool() const noexcept { return object_ != nullptr; }
  unsigned home() const noexcept { return home_; }

  /// Destroys the object now on its home shard, else sends it home to be
  /// destroyed there (if the launch is already over, it dies where it is).
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
