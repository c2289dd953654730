#include "driver_test_util.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <random>
#include <system_error>

namespace cio::test {
namespace {

int check(int ret, const char* what) {
  if (ret < 0) throw std::system_error(errno, std::system_category(), what);
  return ret;
}

}  // namespace

std::string result_text(int32_t result) {
  if (result == kNoEntry) return "no entry";
  if (result >= 0) return std::to_string(result);
  const char* name = strerrorname_np(-result);
  return "-" + (name != nullptr ? std::string(name) : std::to_string(-result)) + " (" +
         std::strerror(-result) + ")";
}

void UniqueFd::reset(int fd) noexcept {
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
}

FdPair make_pipe() {
  int fds[2];
  check(pipe2(fds, O_CLOEXEC), "pipe2");
  return {UniqueFd(fds[0]), UniqueFd(fds[1])};
}

FdPair socket_pair(int type) {
  int fds[2];
  check(socketpair(AF_UNIX, type | SOCK_CLOEXEC, 0, fds), "socketpair");
  return {UniqueFd(fds[0]), UniqueFd(fds[1])};
}

sockaddr_in loopback(uint16_t port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return addr;
}

uint16_t local_port(int fd) {
  sockaddr_in addr{};
  socklen_t len = sizeof(addr);
  check(getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), "getsockname");
  return ntohs(addr.sin_port);
}

UniqueFd tcp_socket() {
  return UniqueFd(check(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), "socket"));
}

UniqueFd tcp_listener(int backlog) {
  UniqueFd fd = tcp_socket();
  const sockaddr_in addr = loopback(0);
  check(bind(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)), "bind");
  check(listen(fd.get(), backlog), "listen");
  return fd;
}

FdPair tcp_pair() {
  UniqueFd listener = tcp_listener(1);
  UniqueFd client = tcp_socket();
  const sockaddr_in addr = loopback(local_port(listener.get()));
  check(connect(client.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)), "connect");
  UniqueFd server(check(accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC), "accept4"));
  return {std::move(client), std::move(server)};
}

UniqueFd udp_socket() {
  UniqueFd fd(check(socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), "socket"));
  const sockaddr_in addr = loopback(0);
  check(bind(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)), "bind");
  return fd;
}

uint16_t unused_port() {
  UniqueFd fd = tcp_socket();
  const sockaddr_in addr = loopback(0);
  check(bind(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)), "bind");
  return local_port(fd.get());  // closed on return: nobody listens there
}

int closed_fd() {
  const int fd = check(open("/dev/null", O_RDONLY | O_CLOEXEC), "open /dev/null");
  ::close(fd);
  return fd;
}

bool read_exact(int fd, void* data, size_t size) {
  auto* out = static_cast<char*>(data);
  while (size > 0) {
    const ssize_t n = ::read(fd, out, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    out += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

bool write_all(int fd, const void* data, size_t size) {
  const auto* in = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = ::send(fd, in, size, MSG_NOSIGNAL);
    if (n < 0 && errno == ENOTSOCK) return ::write(fd, in, size) == static_cast<ssize_t>(size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    in += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

std::vector<std::byte> random_bytes(size_t size, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<std::byte> out(size);
  for (auto& b : out) b = static_cast<std::byte>(rng());
  return out;
}

TempDir::TempDir() {
  std::string pattern = "/tmp/cio-drivers-test-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) {
    throw std::system_error(errno, std::system_category(), "mkdtemp");
  }
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string TempDir::file(std::string_view name) const { return path_ + "/" + std::string(name); }

UniqueFd TempDir::make_file(std::string_view name, std::string_view content) const {
  UniqueFd fd(check(open(file(name).c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600),
                    "open temp file"));
  if (!content.empty() &&
      pwrite(fd.get(), content.data(), content.size(), 0) != static_cast<ssize_t>(content.size())) {
    throw std::system_error(errno, std::system_category(), "pwrite temp file");
  }
  return fd;
}

std::vector<Entry> run_until(Driver& driver, size_t count, std::chrono::milliseconds timeout) {
  std::vector<Entry> got;
  std::array<Entry, 64> buffer{};
  const auto deadline = Clock::now() + timeout;
  while (got.size() < count) {
    const auto now = Clock::now();
    if (now >= deadline) break;
    const size_t want = std::min(buffer.size(), count - got.size());
    auto copied = driver.submit(deadline - now, std::span(buffer.data(), want));
    if (!copied) {
      ADD_FAILURE() << "submit failed: " << copied.error().message();
      break;
    }
    got.insert(got.end(), buffer.begin(), buffer.begin() + static_cast<ptrdiff_t>(*copied));
  }
  return got;
}

void reclaim(Driver& driver, OpBase& op) {
  if (!op.in_flight()) return;
  (void)driver.try_cancel(op);
  const auto deadline = Clock::now() + kWait;
  std::array<Entry, 16> scratch{};
  while (op.in_flight() && Clock::now() < deadline) (void)driver.submit(10ms, scratch);
  if (op.in_flight()) {
    ADD_FAILURE() << op_name(op.code()) << " op still in flight after cancel";
  }
}

Entry run_one(Driver& driver, OpBase& op, uint64_t user_data, std::chrono::milliseconds timeout) {
  if (!driver.try_push(op, user_data)) {
    ADD_FAILURE() << "try_push(" << op_name(op.code()) << ") refused: SQ full";
    return {user_data, kNoEntry, 0};
  }
  const auto got = run_until(driver, 1, timeout);
  if (got.empty()) {
    ADD_FAILURE() << op_name(op.code()) << " gave no entry within " << timeout.count() << " ms";
    reclaim(driver, op);
    return {user_data, kNoEntry, 0};
  }
  const Entry entry = got.front();
  EXPECT_EQ(entry.user_data, user_data);
  EXPECT_FALSE(entry.more()) << op_name(op.code()) << " is single-shot";
  EXPECT_EQ(op.state(), OpState::idle) << op_name(op.code()) << " still busy after its entry";
  return entry;
}

void expect_unsupported(Driver& driver, OpBase& op) {
  const Entry entry = run_one(driver, op, 0xE0);
  EXPECT_EQ(entry.result, -EOPNOTSUPP)
      << op_name(op.code()) << " on " << backend_name(driver.backend()) << ": "
      << result_text(entry.result);
  EXPECT_EQ(driver.in_flight(), 0U);
}

Fd attach(Driver& driver, int raw) {
  auto fd = driver.attach(raw);
  EXPECT_TRUE(fd.has_value()) << "attach(" << raw << "): " << fd.error().message();
  return fd ? *fd : Fd{raw};
}

std::string backend_param_name(const testing::TestParamInfo<BackendKind>& info) {
  return std::string(backend_name(info.param));
}

DriverConfig DriverTest::config(uint32_t entries) const {
  DriverConfig config;
  config.entries = entries;
  config.backend = GetParam();
  return config;
}

std::unique_ptr<Driver> DriverTest::make_driver(const DriverConfig& config) {
  try {
    return std::make_unique<Driver>(config);
  } catch (const std::system_error& error) {
    unavailable_ =
        std::string(backend_name(config.backend)) + " backend unavailable: " + error.what();
    return nullptr;
  }
}

void DriverTest::SetUp() {
  driver_ = make_driver(config());
  if (driver_) return;
  if (skip_unavailable()) GTEST_SKIP() << unavailable_;
  FAIL() << unavailable_;
}

}  // namespace cio::test
