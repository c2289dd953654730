/// @file
/// SignalSet: signals received as completions. open() blocks the given
/// signals in the calling thread (pthread_sigmask), so they are not delivered
/// the usual way, and reads them from a signalfd with a Read op awaited from
/// the coroutine's frame.
///
///   auto signals = cio::signal::SignalSet::open({SIGINT, SIGTERM});
///   if (!signals) return signals.error();
///   auto got = co_await signals->wait();  // SIGINT or SIGTERM
///
/// The mask is per thread. Threads created after open() inherit it, and so
/// leave these signals to the set; threads that already exist do not, and may
/// take a process-directed signal with its default action. Open the set in
/// the main thread before starting any other.
#pragma once

#include <signal.h>
#include <sys/signalfd.h>

#include <coroutine>
#include <initializer_list>

#include <cio/core/op_awaitable.hpp>
#include <cio/core/stop.hpp>
#include <cio/driver/fd.hpp>
#include <cio/driver/ops.hpp>
#include <cio/driver/result.hpp>

namespace cio::signal {

/// A set of signals read through a signalfd on the calling shard's
/// runtime. Move-only; owns the descriptor and the mask change open() made.
class SignalSet {
 public:
  class Wait;

  /// An empty set: holds nothing; wait() fails with EBADF.
  SignalSet() noexcept = default;
  /// Blocks `signals` in the calling thread and opens a signalfd for them,
  /// attached to the current Runtime's driver. Errors name the failed call:
  /// "sigaddset" (EINVAL: not a signal, or SIGKILL/SIGSTOP, which cannot be
  /// caught), "pthread_sigmask", "signalfd", "signal attach". On error the
  /// mask is left as it was.
  static Result<SignalSet> open(std::initializer_list<int> signals);
  /// Takes `other`'s signalfd and mask change; `other` is left empty.
  SignalSet(SignalSet&& other) noexcept;
  /// Releases this set (as the destructor does), then takes `other`'s.
  SignalSet& operator=(SignalSet&& other) noexcept;
  /// Closes the signalfd and unblocks the signals open() blocked (a signal
  /// still pending then gets its usual disposition). Every wait() must have
  /// finished; destroy the set on the thread that opened it.
  ~SignalSet();

  /// Awaitable: the number of the next signal of the set (at once if one is
  /// pending). Errors ("signal wait"): operation_canceled if `token` is
  /// stopped first, or the read's error.
  Wait wait(StopToken token = {}) noexcept;

  /// True while the set holds a signalfd.
  bool is_open() const noexcept { return fd_.raw >= 0; }

 private:
  void release() noexcept;

  Fd fd_;
  sigset_t blocked_{};  // what open() blocked that was not blocked before
};

/// The awaitable wait() returns: one read of the signalfd, in the awaiting
/// frame. Await it once, where it was made.
class [[nodiscard]] SignalSet::Wait {
 public:
  /// Always suspends: the read is started in await_suspend().
  bool await_ready() const noexcept { return false; }
  /// Starts the read on Runtime::current(); resumes `waiter` when it ends.
  void await_suspend(std::coroutine_handle<> waiter) noexcept { read_.await_suspend(waiter); }
  /// The signal number, or the error named "signal wait" (EIO for a short read).
  Result<int> await_resume() noexcept;

 private:
  friend class SignalSet;
  Wait(Fd fd, StopToken token) noexcept
      : read_(std::move(token), fd, &info_, static_cast<uint32_t>(sizeof(info_))) {}

  signalfd_siginfo info_{};
  OpAwaitable<Read> read_;
};

}  // namespace cio::signal
