#include <cio/net/socket.hpp>

#include <cio/core/runtime.hpp>

namespace cio::net {

int Socket::release() noexcept {
  if (!fd_.is_open()) return -1;
  Runtime::current().driver().detach(fd_.fd());
  return fd_.release();
}

}  // namespace cio::net
