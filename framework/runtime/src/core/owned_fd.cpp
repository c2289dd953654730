#include <cio/core/owned_fd.hpp>

#include <unistd.h>

#include <cerrno>
#include <utility>

#include <cio/core/runtime.hpp>

namespace cio {

Result<OwnedFd> OwnedFd::adopt(int raw, const char* operation) {
  if (raw < 0) return Result<OwnedFd>(errno_code(errno), operation);
  OwnedFd owned(raw);
  auto attached = Runtime::current().driver().attach(raw);
  if (!attached) return Result<OwnedFd>(attached.error(), operation);
  return owned;
}

OwnedFd& OwnedFd::operator=(OwnedFd&& other) noexcept {
  if (this != &other) {
    reset();
    raw_ = other.release();
  }
  return *this;
}

int OwnedFd::release() noexcept { return std::exchange(raw_, -1); }

void OwnedFd::reset() noexcept {
  if (raw_ >= 0) ::close(release());
}

OwnedFd::CloseOp OwnedFd::close() noexcept {
  const int raw = release();
  const cio::detail::OpName name =
      raw < 0 ? cio::detail::OpName("close", std::errc::bad_file_descriptor) : "close";
  return CloseOp(name, Fd{raw});
}

}  // namespace cio
