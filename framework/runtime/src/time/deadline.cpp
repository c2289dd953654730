#include <cio/core/runtime.hpp>
#include <cio/time/timeout.hpp>

namespace cio::time::detail {

Deadline::Deadline(Clock::duration limit, StopSource& target) noexcept
    : Completion{&Deadline::on_entry}, timer_(limit), target_(target) {}

void Deadline::start() noexcept { Runtime::current().start_op(timer_, *this); }

Deadline::Finish Deadline::finish() noexcept {
  disarmed_ = true;
  // A queued op is cancelled inline, so done_ may be true on return.
  if (!done_) Runtime::current().cancel_op(timer_, *this);
  return Finish{*this};
}

void Deadline::on_entry(Completion& self, const Entry& entry) noexcept {
  auto& deadline = static_cast<Deadline&>(self);
  deadline.done_ = true;
  if (entry.result == 0 && !deadline.disarmed_) {
    deadline.expired_ = true;
    deadline.target_.request_stop();
  }
  if (deadline.waiter_) Runtime::current().schedule(deadline.waiter_);
}

}  // namespace cio::time::detail
