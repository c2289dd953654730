/// @file
/// OpList: an intrusive doubly-linked list of ops (through the next/prev
/// links in OpBase::bookkeeping()):
/// O(1) append, prepend and removal, no allocation, no ownership. An op is in
/// at most one list at a time.
#pragma once

#include <cstddef>

#include <cio/driver/op_base.hpp>

namespace cio {

/// The list OpQueue and the epoll backend keep ops in. It never touches an
/// op's state, and it does not check membership: each call must respect "at
/// most one list at a time".
class OpList {
 public:
  /// Appends `op`, which must not be in any list.
  void push_back(OpBase& op) noexcept {
    auto& links = op.bookkeeping();
    links.next = nullptr;
    links.prev = tail_;
    if (tail_ != nullptr) {
      tail_->bookkeeping().next = &op;
    } else {
      head_ = &op;
    }
    tail_ = &op;
    ++size_;
  }

  /// Prepends `op`, which must not be in any list.
  void push_front(OpBase& op) noexcept {
    auto& links = op.bookkeeping();
    links.prev = nullptr;
    links.next = head_;
    if (head_ != nullptr) {
      head_->bookkeeping().prev = &op;
    } else {
      tail_ = &op;
    }
    head_ = &op;
    ++size_;
  }

  /// Unlinks `op`, which must be in this list.
  void remove(OpBase& op) noexcept {
    auto& links = op.bookkeeping();
    if (links.prev != nullptr) {
      links.prev->bookkeeping().next = links.next;
    } else {
      head_ = links.next;
    }
    if (links.next != nullptr) {
      links.next->bookkeeping().prev = links.prev;
    } else {
      tail_ = links.prev;
    }
    links.next = links.prev = nullptr;
    --size_;
  }

  /// Unlinks and returns the first op, or nullptr when empty.
  OpBase* pop_front() noexcept {
    OpBase* op = head_;
    if (op != nullptr) remove(*op);
    return op;
  }

  /// The first op, left in place, or nullptr when empty.
  OpBase* front() const noexcept { return head_; }
  /// True when the list holds no op.
  bool empty() const noexcept { return head_ == nullptr; }
  /// How many ops the list holds (kept as a count, O(1)).
  size_t size() const noexcept { return size_; }

 private:
  OpBase* head_ = nullptr;
  OpBase* tail_ = nullptr;
  size_t size_ = 0;
};

}  // namespace cio
