#include <cio/fs/registered_buffers.hpp>

#include <utility>

#include <cio/core/runtime.hpp>
#include <cio/driver/driver.hpp>

namespace cio::fs {

Result<RegisteredBuffers> RegisteredBuffers::create(std::span<const iovec> buffers) {
  Driver& driver = Runtime::current().driver();
  auto registered = driver.register_buffers(buffers);
  if (!registered) return Result<RegisteredBuffers>(registered.error(), "register_buffers");
  return RegisteredBuffers(driver);
}

RegisteredBuffers::RegisteredBuffers(RegisteredBuffers&& other) noexcept
    : driver_(std::exchange(other.driver_, nullptr)) {}

RegisteredBuffers& RegisteredBuffers::operator=(RegisteredBuffers&& other) noexcept {
  if (this != &other) {
    reset();
    driver_ = std::exchange(other.driver_, nullptr);
  }
  return *this;
}

RegisteredBuffers::~RegisteredBuffers() { reset(); }

void RegisteredBuffers::reset() noexcept {
  if (driver_ == nullptr) return;
  // Only fails when nothing is registered, which this object rules out.
  (void)driver_->unregister_buffers();
  driver_ = nullptr;
}

}  // namespace cio::fs
