/// @file
/// OpList: an intrusive doubly-linked list of ops (through OpBase::links):
/// O(1) append, prepend and removal, no allocation, no ownership. An op is in
/// at most one list at a time.
#pragma once

#include <cstddef>

#include <cio/driver/op_base.hpp>

namespace cio {

class OpList {
 public:
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

  OpBase* pop_front() noexcept {
    OpBase* op = head_;
    if (op != nullptr) remove(*op);
    return op;
  }

  OpBase* front() const noexcept { return head_; }
  bool empty() const noexcept { return head_ == nullptr; }
  size_t size() const noexcept { return size_; }

 private:
  OpBase* head_ = nullptr;
  OpBase* tail_ = nullptr;
  size_t size_ = 0;
};

}  // namespace cio
