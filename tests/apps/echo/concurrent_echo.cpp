#include "concurrent_echo.hpp"

#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cerrno>
#include <random>

namespace cio::apps_test {
namespace {

using Clock = std::chrono::steady_clock;

struct Conversation {
  int fd = -1;
  std::vector<std::byte> payload;
  uint64_t expected = 0;
  size_t sent = 0;
  size_t received = 0;
  uint64_t hash = checksum({});
  size_t chunk = 1;      // bytes per write
  bool watched = false;  // registered with epoll
  bool done = false;
};

class Driver {
 public:
  Driver(std::vector<Socket>& connections, const std::vector<size_t>& sizes, uint64_t seed);
  ~Driver() { ::close(epoll_); }
  LoadReport run(Millis limit);

 private:
  void on_ready(size_t index, uint32_t events);
  void send_some(Conversation& c);
  void receive_some(Conversation& c);
  void finish(Conversation& c, const char* failure);

  int epoll_ = ::epoll_create1(EPOLL_CLOEXEC);
  std::vector<Conversation> conversations_;
  std::array<std::byte, 65536> scratch_{};
  LoadReport report_;
  size_t open_ = 0;
};

Driver::Driver(std::vector<Socket>& connections, const std::vector<size_t>& sizes, uint64_t seed)
    : conversations_(connections.size()) {
  std::mt19937_64 engine(seed);
  for (size_t i = 0; i < connections.size(); ++i) {
    Conversation& c = conversations_[i];
    c.fd = connections[i].get();
    c.payload = random_bytes(sizes[i], seed + i);
    c.expected = checksum(c.payload);
    c.chunk = 1 + engine() % 65536;
    ::fcntl(c.fd, F_SETFL, ::fcntl(c.fd, F_GETFL) | O_NONBLOCK);
    epoll_event event{EPOLLIN | EPOLLOUT, {.u64 = i}};
    c.watched = c.fd >= 0 && ::epoll_ctl(epoll_, EPOLL_CTL_ADD, c.fd, &event) == 0;
    if (!c.watched) {
      finish(c, "not connected");
      continue;
    }
    ++open_;
  }
}

LoadReport Driver::run(Millis limit) {
  const auto deadline = Clock::now() + limit;
  std::array<epoll_event, 64> events{};
  while (open_ > 0 && Clock::now() < deadline) {
    const int ready = ::epoll_wait(epoll_, events.data(), events.size(), 100);
    for (int i = 0; i < ready; ++i) on_ready(events[i].data.u64, events[i].events);
  }
  for (auto& c : conversations_) {
    if (!c.done) finish(c, "timed out");
  }
  return report_;
}

void Driver::on_ready(size_t index, uint32_t events) {
  Conversation& c = conversations_[index];
  if (c.done) return;
  if ((events & EPOLLOUT) != 0 && c.sent < c.payload.size()) send_some(c);
  if (!c.done && (events & (EPOLLIN | EPOLLHUP | EPOLLERR)) != 0) receive_some(c);
}

void Driver::send_some(Conversation& c) {
  const size_t length = std::min(c.chunk, c.payload.size() - c.sent);
  const ssize_t sent = ::send(c.fd, c.payload.data() + c.sent, length, MSG_NOSIGNAL);
  if (sent < 0) {
    if (errno != EAGAIN && errno != EINTR) finish(c, "send failed");
    return;
  }
  c.sent += static_cast<size_t>(sent);
  if (c.sent == c.payload.size()) {
    epoll_event event{EPOLLIN, {.u64 = static_cast<uint64_t>(&c - conversations_.data())}};
    ::epoll_ctl(epoll_, EPOLL_CTL_MOD, c.fd, &event);
  }
}

void Driver::receive_some(Conversation& c) {
  const ssize_t got = ::recv(c.fd, scratch_.data(), scratch_.size(), 0);
  if (got < 0 && (errno == EAGAIN || errno == EINTR)) return;
  if (got <= 0) return finish(c, got == 0 ? "server closed early" : "recv failed");
  c.received += static_cast<size_t>(got);
  if (c.received > c.payload.size()) return finish(c, "more bytes than sent");
  c.hash = checksum(std::span(scratch_.data(), static_cast<size_t>(got)), c.hash);
  if (c.received == c.payload.size())
    finish(c, c.hash == c.expected ? nullptr : "checksum differs");
}

void Driver::finish(Conversation& c, const char* failure) {
  if (c.watched) {
    ::epoll_ctl(epoll_, EPOLL_CTL_DEL, c.fd, nullptr);
    c.watched = false;
    --open_;
  }
  c.done = true;
  if (failure == nullptr) {
    ++report_.echoed;
    report_.bytes += c.payload.size();
    return;
  }
  ++report_.failed;
  if (report_.first_failure.empty()) {
    report_.first_failure = std::string(failure) + " (" + std::to_string(c.payload.size()) +
                            "-byte payload, " + std::to_string(c.received) + " bytes back)";
  }
}

}  // namespace

LoadReport echo_concurrently(std::vector<Socket>& connections, const std::vector<size_t>& sizes,
                             uint64_t seed, Millis limit) {
  Driver driver(connections, sizes, seed);
  return driver.run(limit);
}

std::vector<size_t> spread_sizes(size_t count, size_t max, uint64_t seed) {
  std::mt19937_64 engine(seed);
  const int classes = std::bit_width(max);  // 1, 2..3, 4..7, ..., up to max
  std::vector<size_t> sizes(count);
  for (size_t i = 0; i < count; ++i) {
    const size_t low = size_t{1} << (static_cast<int>(i) % classes);
    sizes[i] = std::min(max, low + engine() % low);
  }
  if (count > 0) sizes.front() = 1;
  if (count > 1) sizes.back() = max;
  return sizes;
}

}  // namespace cio::apps_test
