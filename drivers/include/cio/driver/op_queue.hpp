/// @file
/// OpQueue: the caller's FIFO of ops waiting for submission-queue space. It is
/// intrusive (linked through the ops themselves), so it never allocates and
/// never fills up. Driver::push_queue drains it as far as the SQ allows.
#pragma once

#include <cstddef>
#include <cstdint>

#include <cio/driver/op_base.hpp>
#include <cio/driver/op_list.hpp>

namespace cio {

/// A FIFO of caller-owned ops not yet pushed, for when try_push says the SQ
/// is full. Queued ops are in state OpState::queued; the queue owns none.
class OpQueue {
 public:
  /// An empty queue.
  OpQueue() = default;
  /// Not copyable: the queued ops link to each other, not to a copy.
  OpQueue(const OpQueue&) = delete;
  /// Not copyable: the queued ops link to each other, not to a copy.
  OpQueue& operator=(const OpQueue&) = delete;

  /// Appends an idle op and marks it queued; the driver will report it with
  /// `user_data`.
  void push(OpBase& op, uint64_t user_data) noexcept {
    op.mark(OpState::queued, user_data);
    ops_.push_back(op);
  }

  /// Removes and returns the oldest op (still marked queued), or nullptr.
  OpBase* pop() noexcept { return ops_.pop_front(); }

  /// Puts back an op that could not be pushed after all, keeping FIFO order.
  void push_front(OpBase& op) noexcept { ops_.push_front(op); }

  /// Takes a queued op out (it never reached the driver) and makes it idle.
  void remove(OpBase& op) noexcept {
    ops_.remove(op);
    op.mark(OpState::idle);
  }

  /// True when no op is waiting.
  bool empty() const noexcept { return ops_.empty(); }
  /// How many ops are waiting.
  size_t size() const noexcept { return ops_.size(); }

 private:
  OpList ops_;
};

}  // namespace cio
