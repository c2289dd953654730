#include <cio/completion.hpp>
#include <cio/runtime.hpp>

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
