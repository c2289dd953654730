/// @file
/// OwnedFd: one open descriptor, attached to the calling thread's runtime
/// driver, closed exactly once. Every socket and file type holds one. A
/// moved-from OwnedFd owns nothing.
#pragma once

#include <cio/detail/named_op.hpp>
#include <cio/driver/fd.hpp>
#include <cio/driver/ops.hpp>
#include <cio/driver/result.hpp>

namespace cio {

/// Sole owner of one descriptor attached to a shard's driver. Use it on
/// the shard whose runtime adopted it.
class OwnedFd {
 public:
  /// Awaitable returned by close(): Result<void>, errors named "close".
  using CloseOp = cio::detail::NamedOp<Close, void>;

  /// Owns nothing.
  OwnedFd() noexcept = default;
  /// Takes `raw` and attaches it to the current runtime's driver (on epoll:
  /// O_NONBLOCK and readiness). A negative `raw` means the call that made it
  /// failed: the error is errno. Errors are named `operation`; on failure
  /// `raw` is closed.
  static Result<OwnedFd> adopt(int raw, const char* operation);

  /// Closes with close(2), synchronously, if still open. No op may be in
  /// flight on the descriptor then; use `co_await close()` to close through
  /// the driver instead.
  ~OwnedFd() { reset(); }
  /// Takes `other`'s descriptor; `other` owns nothing after.
  OwnedFd(OwnedFd&& other) noexcept : raw_(other.release()) {}
  /// Closes this one's descriptor (as reset()), then takes `other`'s.
  OwnedFd& operator=(OwnedFd&& other) noexcept;
  OwnedFd(const OwnedFd&) = delete;             ///< One owner per descriptor.
  OwnedFd& operator=(const OwnedFd&) = delete;  ///< One owner per descriptor.

  /// True while a descriptor is owned.
  bool is_open() const noexcept { return raw_ >= 0; }
  /// The raw descriptor, still owned (-1 if none).
  int get() const noexcept { return raw_; }
  /// The descriptor as ops take it (Fd{-1} if none).
  Fd fd() const noexcept { return Fd{raw_}; }
  /// Gives up ownership without closing or detaching it from the driver;
  /// returns the descriptor (-1 if none).
  int release() noexcept;
  /// Closes now with close(2) (see the destructor).
  void reset() noexcept;

  /// Closes through the driver. This object owns nothing from the call on,
  /// even if the close fails. Closing an empty OwnedFd fails with
  /// bad_file_descriptor without submitting anything.
  CloseOp close() noexcept;

 private:
  explicit OwnedFd(int raw) noexcept : raw_(raw) {}

  int raw_ = -1;
};

}  // namespace cio
