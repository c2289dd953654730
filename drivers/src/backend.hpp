// The interface both backends implement; Driver forwards to it.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>

#include <cio/driver/driver.hpp>

namespace cio::detail {

class Backend {
 public:
  virtual ~Backend() = default;

  const SetupInfo& setup() const noexcept { return setup_; }
  void set_fallback_reason(std::string reason) { setup_.fallback_reason = std::move(reason); }
  virtual bool supports(Capability capability) const noexcept = 0;

  virtual Result<Fd> attach(int raw_fd) = 0;
  virtual void detach(int raw_fd) noexcept = 0;
  virtual Result<FixedFd> register_fd(int raw_fd, uint32_t slot) = 0;
  virtual Result<void> unregister_fd(FixedFd fd) = 0;
  virtual Result<void> register_buffer_ring(BufferRing& ring) = 0;
  virtual Result<void> unregister_buffer_ring(BufferRing& ring) = 0;
  virtual Result<void> register_buffers(std::span<const iovec> buffers) = 0;
  virtual Result<void> unregister_buffers() = 0;

  virtual bool try_push(OpBase& op, uint64_t user_data) noexcept = 0;
  virtual bool try_push_linked(OpBase& op, uint64_t user_data, Timeout& timeout,
                               uint64_t timeout_user_data) noexcept = 0;
  virtual size_t push_queue(OpQueue& queue) noexcept = 0;
  virtual size_t capacity_left() const noexcept = 0;
  virtual Result<size_t> submit(std::optional<std::chrono::nanoseconds> timeout,
                                std::span<Entry> out) noexcept = 0;
  virtual bool try_cancel(OpBase& op) noexcept = 0;
  virtual void cancel_all() noexcept = 0;
  virtual void wake() noexcept = 0;
  virtual size_t in_flight() const noexcept = 0;
  virtual int ring_fd() const noexcept = 0;

 protected:
  SetupInfo setup_;
};

// Throw std::system_error naming the failed call when the backend cannot start.
std::unique_ptr<Backend> make_uring_backend(const DriverConfig& config);
std::unique_ptr<Backend> make_epoll_backend(const DriverConfig& config);

}  // namespace cio::detail
