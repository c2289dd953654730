#include "load_client.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <vector>

namespace cio::perf {
namespace {

using Clock = std::chrono::steady_clock;

struct Connection {
  int fd = -1;
  uint64_t sequence = 0;
  size_t sent = 0;
  size_t received = 0;
  Clock::time_point started;
  bool dead = false;
  uint64_t measured = 0;  // echoes completed after the warm-up
};

int connect_one(const LoadConfig& config) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(config.port);
  if (::inet_pton(AF_INET, config.host.c_str(), &address.sin_addr) != 1) {
    throw std::runtime_error("not an IPv4 address: " + config.host);
  }
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    throw std::runtime_error(std::string("connect: ") + std::strerror(errno));
  }
  const int on = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);  // edge-triggered epoll
  return fd;
}

class Loop {
 public:
  explicit Loop(const LoadConfig& config);
  ~Loop();
  LoadResult run(const MeasureHooks& hooks);

 private:
  // Connection `c`'s message for its current sequence number: the number,
  // then a pattern derived from it, so a stale or misplaced echo differs.
  std::byte* fill(Connection& c) noexcept;
  void start_request(Connection& c) noexcept;
  void on_writable(Connection& c) noexcept;
  void on_readable(Connection& c) noexcept;
  void fail(Connection& c, const char* what) noexcept;

  const LoadConfig& config_;
  int epoll_ = ::epoll_create1(EPOLL_CLOEXEC);
  std::vector<Connection> connections_;
  size_t size_;
  std::vector<std::byte> messages_;  // one per connection, back to back
  std::vector<std::byte> scratch_;
  bool measuring_ = false;
  LoadResult result_;
};

Loop::Loop(const LoadConfig& config)
    : config_(config),
      connections_(config.connections),
      size_(config.message_size),
      messages_(config.message_size * config.connections),
      scratch_(config.message_size) {
  for (size_t i = 0; i < connections_.size(); ++i) {
    connections_[i].fd = connect_one(config);
    epoll_event event{EPOLLIN | EPOLLOUT | EPOLLET, {.u64 = i}};
    ::epoll_ctl(epoll_, EPOLL_CTL_ADD, connections_[i].fd, &event);
  }
}

Loop::~Loop() {
  for (auto& c : connections_) ::close(c.fd);
  ::close(epoll_);
}

std::byte* Loop::fill(Connection& c) noexcept {
  std::byte* message = messages_.data() + static_cast<size_t>(&c - connections_.data()) * size_;
  for (size_t i = 0; i < size_; ++i) {
    message[i] = static_cast<std::byte>((c.sequence * 131 + i * 7) >> (i % 5));
  }
  std::memcpy(message, &c.sequence, std::min(size_, sizeof(c.sequence)));
  return message;
}

void Loop::start_request(Connection& c) noexcept {
  ++c.sequence;
  c.sent = c.received = 0;
  c.started = Clock::now();
  fill(c);
  on_writable(c);
}

void Loop::on_writable(Connection& c) noexcept {
  const std::byte* message =
      messages_.data() + static_cast<size_t>(&c - connections_.data()) * size_;
  while (c.sent < size_) {
    const ssize_t n = ::send(c.fd, message + c.sent, size_ - c.sent, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno != EAGAIN && errno != EINTR) fail(c, "send");
      return;
    }
    c.sent += static_cast<size_t>(n);
  }
}

void Loop::on_readable(Connection& c) noexcept {
  const std::byte* expected =
      messages_.data() + static_cast<size_t>(&c - connections_.data()) * size_;
  for (;;) {
    const ssize_t n = ::recv(c.fd, scratch_.data(), size_ - c.received, 0);
    if (n == 0) return fail(c, "server closed the connection");
    if (n < 0) {
      if (errno != EAGAIN && errno != EINTR) fail(c, "recv");
      return;
    }
    if (std::memcmp(scratch_.data(), expected + c.received, static_cast<size_t>(n)) != 0) {
      ++result_.mismatches;
      if (result_.first_error.empty()) result_.first_error = "echoed bytes differ";
    }
    c.received += static_cast<size_t>(n);
    if (c.received < size_) continue;
    if (measuring_) {
      ++result_.requests;
      ++c.measured;
      result_.latency.record(static_cast<uint64_t>((Clock::now() - c.started).count()));
    }
    start_request(c);
  }
}

void Loop::fail(Connection& c, const char* what) noexcept {
  if (c.dead) return;
  c.dead = true;
  ++result_.errors;
  ::epoll_ctl(epoll_, EPOLL_CTL_DEL, c.fd, nullptr);
  if (result_.first_error.empty())
    result_.first_error = std::string(what) + ": " + std::strerror(errno);
}

LoadResult Loop::run(const MeasureHooks& hooks) {
  for (auto& c : connections_) start_request(c);
  std::array<epoll_event, 256> events{};
  const auto warm_end = Clock::now() + config_.warmup;
  const auto end = warm_end + config_.duration;
  Clock::time_point started;
  for (auto now = Clock::now(); now < end; now = Clock::now()) {
    if (!measuring_ && now >= warm_end) {
      measuring_ = true;
      if (hooks.started) hooks.started();
      started = Clock::now();
    }
    const int ready = ::epoll_wait(epoll_, events.data(), events.size(), 10);
    for (int i = 0; i < ready; ++i) {
      Connection& c = connections_[events[i].data.u64];
      if (c.dead) continue;
      if ((events[i].events & EPOLLOUT) != 0) on_writable(c);
      if (!c.dead && (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) != 0) on_readable(c);
    }
  }
  result_.elapsed = Clock::now() - started;
  if (hooks.stopped) hooks.stopped();
  const auto [fewest, most] = std::minmax_element(
      connections_.begin(), connections_.end(),
      [](const Connection& a, const Connection& b) { return a.measured < b.measured; });
  result_.fewest_per_connection = fewest->measured;
  result_.most_per_connection = most->measured;
  return result_;
}

}  // namespace

LoadResult run_load(const LoadConfig& config, const MeasureHooks& hooks) {
  auto loop = std::make_unique<Loop>(config);
  return loop->run(hooks);
}

}  // namespace cio::perf
