/// @file
/// Completion: what an op's user_data points at while the runtime drives it.
/// A tiny handler pointer instead of a virtual base keeps the record a plain
/// struct that lives inside the awaiting coroutine's frame.
#pragma once

#include <coroutine>
#include <cstdint>

#include <cio/driver/entry.hpp>

namespace cio {

struct Completion {
  using Handler = void (*)(Completion& self, const Entry& entry) noexcept;
  Handler on_entry;
};

/// The common case: keep the final entry and resume one waiting coroutine.
struct OpCompletion : Completion {
  OpCompletion() noexcept : Completion{&handle} {}
  std::coroutine_handle<> waiter;
  int32_t result = 0;
  uint32_t flags = 0;
  bool finished = false;

 private:
  static void handle(Completion& self, const Entry& entry) noexcept;
};

}  // namespace cio
