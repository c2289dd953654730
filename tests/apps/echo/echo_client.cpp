#include "echo_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

namespace cio::apps_test {
namespace {

using Clock = std::chrono::steady_clock;

Socket connect_to(int family, const sockaddr* address, socklen_t length) {
  Socket socket(::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!socket.valid() || ::connect(socket.get(), address, length) != 0) return Socket();
  return socket;
}

// Waits for `events` on `fd` until `deadline`; false on timeout or error.
bool wait_ready(int fd, short events, Clock::time_point deadline) {
  for (;;) {
    const auto left = std::chrono::duration_cast<Millis>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    pollfd ready{fd, events, 0};
    const int got = ::poll(&ready, 1, static_cast<int>(left));
    if (got > 0) return true;
    if (got < 0 && errno != EINTR) return false;
  }
}

}  // namespace

Socket& Socket::operator=(Socket&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

Socket::~Socket() {
  if (fd_ >= 0) ::close(fd_);
}

Socket connect_tcp4(uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return connect_to(AF_INET, reinterpret_cast<const sockaddr*>(&address), sizeof(address));
}

Socket connect_tcp6(uint16_t port) {
  sockaddr_in6 address{};
  address.sin6_family = AF_INET6;
  address.sin6_port = htons(port);
  address.sin6_addr = in6addr_loopback;
  return connect_to(AF_INET6, reinterpret_cast<const sockaddr*>(&address), sizeof(address));
}

Socket connect_unix(const std::string& path) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, path.c_str(), sizeof(address.sun_path) - 1);
  return connect_to(AF_UNIX, reinterpret_cast<const sockaddr*>(&address), sizeof(address));
}

Socket udp_socket4() { return Socket(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)); }

bool send_all(int fd, std::span<const std::byte> data, Millis limit) {
  const auto deadline = Clock::now() + limit;
  while (!data.empty()) {
    const ssize_t sent = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (sent > 0) {
      data = data.subspan(static_cast<size_t>(sent));
    } else if (sent < 0 && errno != EAGAIN && errno != EINTR) {
      return false;
    } else if (!wait_ready(fd, POLLOUT, deadline)) {
      return false;
    }
  }
  return true;
}

bool recv_exact(int fd, std::span<std::byte> out, Millis limit) {
  const auto deadline = Clock::now() + limit;
  while (!out.empty()) {
    const ssize_t got = ::recv(fd, out.data(), out.size(), MSG_DONTWAIT);
    if (got > 0) {
      out = out.subspan(static_cast<size_t>(got));
    } else if (got == 0 || (errno != EAGAIN && errno != EINTR)) {
      return false;
    } else if (!wait_ready(fd, POLLIN, deadline)) {
      return false;
    }
  }
  return true;
}

// Sends and receives at once: a peer whose buffers are smaller than the
// payload (Unix sockets) would otherwise stall both sides.
bool round_trip(int fd, std::span<const std::byte> payload, Millis limit) {
  const auto deadline = Clock::now() + limit;
  std::vector<std::byte> back(payload.size());
  size_t sent = 0;
  size_t got = 0;
  while (got < back.size()) {
    const short events = sent < payload.size() ? POLLIN | POLLOUT : POLLIN;
    if (!wait_ready(fd, events, deadline)) return false;
    if (sent < payload.size()) {
      const ssize_t n =
          ::send(fd, payload.data() + sent, payload.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n < 0 && errno != EAGAIN && errno != EINTR) return false;
      if (n > 0) sent += static_cast<size_t>(n);
    }
    const ssize_t n = ::recv(fd, back.data() + got, back.size() - got, MSG_DONTWAIT);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) return false;
    if (n > 0) got += static_cast<size_t>(n);
  }
  return std::memcmp(back.data(), payload.data(), payload.size()) == 0;
}

bool closed_by_peer(int fd, Millis limit) {
  const auto deadline = Clock::now() + limit;
  std::byte sink[4096];
  for (;;) {
    const ssize_t got = ::recv(fd, sink, sizeof(sink), MSG_DONTWAIT);
    if (got == 0 || (got < 0 && errno != EAGAIN && errno != EINTR)) return true;
    if (got < 0 && !wait_ready(fd, POLLIN, deadline)) return false;
  }
}

std::vector<std::byte> random_bytes(size_t size, uint64_t seed) {
  std::mt19937_64 engine(seed);
  std::vector<std::byte> bytes(size);
  size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    const uint64_t word = engine();
    std::memcpy(bytes.data() + i, &word, 8);
  }
  for (; i < size; ++i) bytes[i] = static_cast<std::byte>(engine());
  return bytes;
}

uint64_t checksum(std::span<const std::byte> data, uint64_t hash) {
  for (std::byte byte : data) hash = (hash ^ static_cast<uint64_t>(byte)) * 0x100000001b3ULL;
  return hash;
}

}  // namespace cio::apps_test
