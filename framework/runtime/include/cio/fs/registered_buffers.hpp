/// @file
/// RegisteredBuffers: memory registered with the calling shard's driver for
/// File::read_fixed_at / write_fixed_at, unregistered when this object goes.
/// The kernel pins the pages once instead of on every op; a driver holds one
/// set at a time. The memory stays the caller's and must outlive this object.
///
///   std::array<iovec, 2> memory{{{a.data(), a.size()}, {b.data(), b.size()}}};
///   auto registered = cio::fs::RegisteredBuffers::create(memory);
///   if (!registered) ...  // e.g. ENOMEM: over RLIMIT_MEMLOCK; use plain reads
///   co_await file.read_fixed_at(std::span(b), 0, 1);
#pragma once

#include <sys/uio.h>

#include <span>

#include <cio/driver/result.hpp>

namespace cio {
class Driver;
}

namespace cio::fs {

/// Owner of the calling shard's buffer registration: move-only, and
/// destroyed on that shard. Registering does not copy or own the memory.
class RegisteredBuffers {
 public:
  /// Registers `buffers` (index i = buffers[i]) with this thread's runtime
  /// driver. Errors named "register_buffers": device_or_resource_busy (a set
  /// is registered already), invalid_argument, bad_address, not_enough_memory.
  static Result<RegisteredBuffers> create(std::span<const iovec> buffers);

  RegisteredBuffers() noexcept = default;  ///< holds no registration
  /// Takes `other`'s registration; `other` holds none after.
  RegisteredBuffers(RegisteredBuffers&& other) noexcept;
  /// Unregisters this one's set, if any, then takes `other`'s.
  RegisteredBuffers& operator=(RegisteredBuffers&& other) noexcept;
  RegisteredBuffers(const RegisteredBuffers&) = delete;             ///< One owner per registration.
  RegisteredBuffers& operator=(const RegisteredBuffers&) = delete;  ///< One owner per registration.
  /// Unregisters (on the thread that registered: the shard's).
  ~RegisteredBuffers();

 private:
  explicit RegisteredBuffers(Driver& driver) noexcept : driver_(&driver) {}
  void reset() noexcept;

  Driver* driver_ = nullptr;
};

}  // namespace cio::fs
