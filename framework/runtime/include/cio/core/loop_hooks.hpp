/// @file
/// LoopHooks: how a layer above the runtime (the shard mesh) takes part in
/// the reactor loop without the runtime knowing about it. All calls happen
/// on the runtime's own thread.
#pragma once

namespace cio {

/// Interface a layer above implements and installs with
/// Runtime::set_hooks(). The runtime does not own it.
class LoopHooks {
 public:
  /// Once per loop turn, after the ready tasks ran and before IO is polled:
  /// take in what other threads sent (may schedule tasks) and hand over what
  /// this turn produced. Also called on every spin of the idle poll
  /// (RuntimeConfig::idle_poll).
  virtual void on_turn() noexcept = 0;
  /// The loop is about to block in the kernel. Returns false when blocking
  /// could miss work (something arrived meanwhile): the loop polls instead.
  virtual bool before_sleep() noexcept = 0;
  /// The blocking wait returned (after a true before_sleep).
  virtual void after_sleep() noexcept = 0;

 protected:
  ~LoopHooks() = default;
};

}  // namespace cio
