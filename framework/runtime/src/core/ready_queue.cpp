#include <cio/core/ready_queue.hpp>

namespace cio {
namespace {

size_t round_up_to_power_of_two(size_t value) {
  size_t power = 1;
  while (power < value) power <<= 1;
  return power;
}

}  // namespace

ReadyQueue::ReadyQueue(size_t capacity) : slots_(round_up_to_power_of_two(capacity)) {}

void ReadyQueue::grow() {
  std::vector<std::coroutine_handle<>> bigger(slots_.size() * 2);
  for (size_t i = 0; i < size_; ++i) bigger[i] = slots_[(head_ + i) & (slots_.size() - 1)];
  slots_.swap(bigger);
  head_ = 0;
}

}  // namespace cio
