#include <cio/core/stop.hpp>

namespace cio {

void detail::StopStateRef::destroy(StopState* state) noexcept { delete state; }

bool StopSource::request_stop() noexcept {
  if (state_->stopped) return false;
  state_->stopped = true;
  // Each callback leaves the list before it runs, so it may destroy itself.
  while (StopCallbackBase* callback = state_->head) {
    callback->unregister();
    callback->on_stop();
  }
  return true;
}

}  // namespace cio
