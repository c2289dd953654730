#include <cio/core/completion.hpp>
#include <cio/core/runtime.hpp>
#include <cio/core/timed_op.hpp>

namespace cio {

void OpCompletion::handle(Completion& self, const Entry& entry) noexcept {
  auto& completion = static_cast<OpCompletion&>(self);
  completion.result = entry.result;
  completion.flags = entry.flags;
  if (entry.more()) return;  // only the final entry ends the wait
  completion.finished = true;
  Runtime::current().schedule(completion.waiter);
}

}  // namespace cio

namespace cio::detail {

void LinkedCompletion::handle(Completion& self, const Entry& entry) noexcept {
  auto& completion = static_cast<LinkedCompletion&>(self);
  completion.result = entry.result;
  if (entry.more()) return;
  if (--completion.remaining == 0) Runtime::current().schedule(completion.waiter);
}

}  // namespace cio::detail
