#include <cio/driver/driver.hpp>

#include <cerrno>
#include <system_error>

#include "backend.hpp"
#include "log.hpp"
#include "uring/uring_backend.hpp"

namespace cio {
namespace {

// io_uring refusals that mean "not allowed here", as opposed to a bug.
bool is_io_uring_blocked(const std::system_error& error) {
  const int code = error.code().value();
  return code == ENOSYS || code == EPERM || code == EACCES;
}

std::unique_ptr<detail::Backend> make_backend(const DriverConfig& config) {
  switch (config.backend) {
    case BackendKind::io_uring:
      return detail::make_uring_backend(config);
    case BackendKind::epoll:
      return detail::make_epoll_backend(config);
    case BackendKind::automatic:
      break;
  }
  try {
    return detail::make_uring_backend(config);
  } catch (const std::system_error& error) {
    if (!is_io_uring_blocked(error)) throw;
    auto backend = detail::make_epoll_backend(config);
    backend->set_fallback_reason(error.what());
    return backend;
  }
}

}  // namespace

Driver::Driver(const DriverConfig& config) : backend_(make_backend(config)) {
  if (backend_->setup().backend == BackendKind::io_uring) {
    uring_ = static_cast<detail::UringBackend*>(backend_.get());
  }
  detail::log_setup_once(backend_->setup());
}

Driver::~Driver() = default;

BackendKind Driver::backend() const noexcept { return backend_->setup().backend; }
const SetupInfo& Driver::setup() const noexcept { return backend_->setup(); }
bool Driver::supports(Capability capability) const noexcept {
  return backend_->supports(capability);
}
Result<Fd> Driver::attach(int raw_fd) { return backend_->attach(raw_fd); }
void Driver::detach(Fd fd) noexcept { backend_->detach(fd.raw); }
Result<FixedFd> Driver::register_fd(int raw_fd, uint32_t slot) {
  return backend_->register_fd(raw_fd, slot);
}
Result<void> Driver::unregister_fd(FixedFd fd) { return backend_->unregister_fd(fd); }
Result<void> Driver::register_buffer_ring(BufferRing& ring) {
  return backend_->register_buffer_ring(ring);
}
Result<void> Driver::unregister_buffer_ring(BufferRing& ring) {
  return backend_->unregister_buffer_ring(ring);
}
Result<void> Driver::register_buffers(std::span<const iovec> buffers) {
  // Checked here: kernels differ in how they refuse these.
  if (buffers.empty() || buffers.size() > kMaxRegisteredBuffers) {
    return std::errc::invalid_argument;
  }
  return backend_->register_buffers(buffers);
}
Result<void> Driver::unregister_buffers() { return backend_->unregister_buffers(); }
bool Driver::try_push(OpBase& op, uint64_t user_data) noexcept {
  if (uring_ != nullptr) [[likely]]
    return uring_->try_push(op, user_data);
  return backend_->try_push(op, user_data);
}
bool Driver::try_push_linked(OpBase& op, uint64_t user_data, Timeout& timeout,
                             uint64_t timeout_user_data) noexcept {
  return backend_->try_push_linked(op, user_data, timeout, timeout_user_data);
}
size_t Driver::push_queue(OpQueue& queue) noexcept { return backend_->push_queue(queue); }
size_t Driver::capacity_left() const noexcept { return backend_->capacity_left(); }
Result<size_t> Driver::submit(std::optional<std::chrono::nanoseconds> timeout,
                              std::span<Entry> out) noexcept {
  if (uring_ != nullptr) [[likely]]
    return uring_->submit(timeout, out);
  return backend_->submit(timeout, out);
}
bool Driver::try_cancel(OpBase& op) noexcept { return backend_->try_cancel(op); }
void Driver::cancel_all() noexcept { backend_->cancel_all(); }
void Driver::wake() noexcept { backend_->wake(); }
size_t Driver::in_flight() const noexcept { return backend_->in_flight(); }
int Driver::ring_fd() const noexcept { return backend_->ring_fd(); }

}  // namespace cio
