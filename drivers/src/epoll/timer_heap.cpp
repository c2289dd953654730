#include "timer_heap.hpp"

namespace cio::detail {
namespace {

// Links: heap_child = leftmost child, heap_sibling = next sibling,
// heap_parent = previous sibling, or the parent for a leftmost child.
void clear_links(Timeout& timer) noexcept {
  timer.heap_parent = timer.heap_child = timer.heap_sibling = nullptr;
}

}  // namespace

Timeout* TimerHeap::meld(Timeout* a, Timeout* b) noexcept {
  if (a == nullptr) return b;
  if (b == nullptr) return a;
  if (b->deadline_ns < a->deadline_ns) {
    Timeout* swap = a;
    a = b;
    b = swap;
  }
  b->heap_parent = a;
  b->heap_sibling = a->heap_child;
  if (a->heap_child != nullptr) a->heap_child->heap_parent = b;
  a->heap_child = b;
  return a;
}

// Standard two-pass pairing: meld neighbours left to right, then fold the
// results right to left. The pass-one results are stacked via heap_sibling.
Timeout* TimerHeap::merge_pairs(Timeout* first) noexcept {
  Timeout* stack = nullptr;
  while (first != nullptr) {
    Timeout* a = first;
    Timeout* b = a->heap_sibling;
    first = b != nullptr ? b->heap_sibling : nullptr;
    a->heap_sibling = a->heap_parent = nullptr;
    if (b != nullptr) b->heap_sibling = b->heap_parent = nullptr;
    Timeout* pair = meld(a, b);
    pair->heap_sibling = stack;
    stack = pair;
  }
  Timeout* result = nullptr;
  while (stack != nullptr) {
    Timeout* next = stack->heap_sibling;
    stack->heap_sibling = nullptr;
    result = meld(stack, result);
    stack = next;
  }
  return result;
}

void TimerHeap::insert(Timeout& timer) noexcept {
  clear_links(timer);
  root_ = meld(root_, &timer);
  ++size_;
}

Timeout* TimerHeap::pop() noexcept {
  Timeout* top = root_;
  if (top == nullptr) return nullptr;
  root_ = merge_pairs(top->heap_child);
  if (root_ != nullptr) root_->heap_parent = nullptr;
  clear_links(*top);
  --size_;
  return top;
}

void TimerHeap::remove(Timeout& timer) noexcept {
  if (&timer == root_) {
    pop();
    return;
  }
  Timeout* prev = timer.heap_parent;
  if (prev->heap_child == &timer) {
    prev->heap_child = timer.heap_sibling;
  } else {
    prev->heap_sibling = timer.heap_sibling;
  }
  if (timer.heap_sibling != nullptr) timer.heap_sibling->heap_parent = prev;
  Timeout* children = merge_pairs(timer.heap_child);
  root_ = meld(root_, children);
  root_->heap_parent = nullptr;
  clear_links(timer);
  --size_;
}

}  // namespace cio::detail
