// Blocking clients for the echo server tests: connecting over TCP (IPv4,
// IPv6) and Unix sockets, and sending/receiving with time limits (poll), so
// a broken server fails a test instead of hanging it.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace cio::apps_test {

using Millis = std::chrono::milliseconds;

// An owned descriptor (-1: none).
class Socket {
 public:
  Socket() noexcept = default;
  explicit Socket(int fd) noexcept : fd_(fd) {}
  Socket(Socket&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Socket& operator=(Socket&& other) noexcept;
  ~Socket();
  int get() const noexcept { return fd_; }
  bool valid() const noexcept { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

Socket connect_tcp4(uint16_t port);  // 127.0.0.1
Socket connect_tcp6(uint16_t port);  // ::1
Socket connect_unix(const std::string& path);
Socket udp_socket4();

// Sends all of `data` within `limit`; false on error or timeout.
bool send_all(int fd, std::span<const std::byte> data, Millis limit = Millis(10'000));
// Fills `out` within `limit`; false on end of stream, error or timeout.
bool recv_exact(int fd, std::span<std::byte> out, Millis limit = Millis(10'000));
// Sends `payload` and expects it back, byte for byte.
bool round_trip(int fd, std::span<const std::byte> payload, Millis limit = Millis(10'000));
// True when the peer ends the stream (EOF or reset) within `limit`; bytes
// that arrive first are skipped.
bool closed_by_peer(int fd, Millis limit);

std::vector<std::byte> random_bytes(size_t size, uint64_t seed);
// FNV-1a over `data`, continuing from `hash`.
uint64_t checksum(std::span<const std::byte> data, uint64_t hash = 0xcbf29ce484222325ULL);

}  // namespace cio::apps_test
