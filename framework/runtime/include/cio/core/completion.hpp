/// @file
/// Completion: what an op's user_data points at while the runtime drives it.
/// A tiny handler pointer instead of a virtual base keeps the record a plain
/// struct that lives inside the awaiting coroutine's frame.
#pragma once

#include <coroutine>
#include <cstdint>

#include <cio/driver/entry.hpp>

namespace cio {

/// The record an op's user_data points at. The runtime calls on_entry for
/// every entry of the op (a multishot op has several), on the shard's thread.
struct Completion {
  /// Called with the record itself and one driver entry; must not throw.
  using Handler = void (*)(Completion& self, const Entry& entry) noexcept;
  Handler on_entry;  ///< Set by the derived record's constructor.
};

/// The common case: keep the final entry and resume one waiting coroutine.
struct OpCompletion : Completion {
  /// Ready to be started; set `waiter` before the op can complete.
  OpCompletion() noexcept : Completion{&handle} {}
  std::coroutine_handle<> waiter;  ///< Scheduled on the runtime after the final entry.
  int32_t result = 0;              ///< The last entry's result: a value or -errno.
  uint32_t flags = 0;              ///< The last entry's flags (kEntryMore, kEntryBuffer, ...).
  bool finished = false;           ///< True once the final entry arrived.

 private:
  static void handle(Completion& self, const Entry& entry) noexcept;
};

}  // namespace cio
