#include <cio/signal/signal_set.hpp>

#include <pthread.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

#include <cio/core/runtime.hpp>

namespace cio::signal {
namespace {

// The set of `signals`, or EINVAL for one that is invalid or uncatchable.
Result<sigset_t> make_sigset(std::initializer_list<int> signals) {
  sigset_t set;
  sigemptyset(&set);
  for (int number : signals) {
    if (number == SIGKILL || number == SIGSTOP || sigaddset(&set, number) != 0) {
      return Result<sigset_t>(errno_code(EINVAL), "sigaddset");
    }
  }
  return set;
}

}  // namespace

Result<SignalSet> SignalSet::open(std::initializer_list<int> signals) {
  auto wanted = make_sigset(signals);
  if (!wanted) return Result<SignalSet>(wanted.error(), wanted.operation());
  sigset_t previous;
  if (int err = pthread_sigmask(SIG_BLOCK, &*wanted, &previous); err != 0) {
    return Result<SignalSet>(errno_code(err), "pthread_sigmask");
  }
  SignalSet set;  // from here on, its destructor restores the mask on error
  sigemptyset(&set.blocked_);
  for (int number : signals) {
    if (sigismember(&previous, number) == 0) sigaddset(&set.blocked_, number);
  }
  set.fd_.raw = signalfd(-1, &*wanted, SFD_CLOEXEC);
  if (set.fd_.raw < 0) return Result<SignalSet>(errno_code(errno), "signalfd");
  auto attached = Runtime::current().driver().attach(set.fd_.raw);
  if (!attached) return Result<SignalSet>(attached.error(), "signal attach");
  return set;
}

SignalSet::SignalSet(SignalSet&& other) noexcept
    : fd_(std::exchange(other.fd_, Fd{})), blocked_(other.blocked_) {
  sigemptyset(&other.blocked_);
}

SignalSet& SignalSet::operator=(SignalSet&& other) noexcept {
  if (this != &other) {
    release();
    fd_ = std::exchange(other.fd_, Fd{});
    blocked_ = other.blocked_;
    sigemptyset(&other.blocked_);
  }
  return *this;
}

SignalSet::~SignalSet() { release(); }

SignalSet::Wait SignalSet::wait(StopToken token) noexcept { return Wait(fd_, std::move(token)); }

void SignalSet::release() noexcept {
  if (fd_.raw >= 0) {
    if (Runtime* runtime = Runtime::try_current()) runtime->driver().detach(fd_);
    ::close(std::exchange(fd_.raw, -1));
  }
  if (sigisemptyset(&blocked_) == 0) pthread_sigmask(SIG_UNBLOCK, &blocked_, nullptr);
  sigemptyset(&blocked_);
}

Result<int> SignalSet::Wait::await_resume() noexcept {
  auto read = read_.await_resume();
  if (!read) return Result<int>(read.error(), "signal wait");
  if (*read != sizeof(info_)) return Result<int>(errno_code(EIO), "signal wait");
  return static_cast<int>(info_.ssi_signo);
}

}  // namespace cio::signal
