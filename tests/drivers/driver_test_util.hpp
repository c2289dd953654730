// Shared helpers for the driver tests: the fixture that runs every test once
// per backend, descriptors that close themselves, loopback sockets, temporary
// directories, and submit loops with deadlines so that no test can hang.
#pragma once

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <chrono>
#include <cstdint>
#include <limits>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <cio/driver/driver.hpp>
#include <cio/driver/ops.hpp>

namespace cio {
// gtest prints parameters with this: "io_uring", not "1-byte object <01>".
inline void PrintTo(BackendKind kind, std::ostream* out) { *out << backend_name(kind); }
}  // namespace cio

namespace cio::test {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// How long a helper waits for entries that should come at once.
inline constexpr std::chrono::milliseconds kWait = 5s;
// The result run_one reports when no entry came.
inline constexpr int32_t kNoEntry = std::numeric_limits<int32_t>::min();

// "-ECANCELED (Operation canceled)" or "42": for failure messages.
std::string result_text(int32_t result);

// A descriptor that closes itself.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) noexcept : fd_(fd) {}
  ~UniqueFd() { reset(); }
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) reset(other.release());
    return *this;
  }
  int get() const noexcept { return fd_; }
  int release() noexcept {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }
  void reset(int fd = -1) noexcept;

 private:
  int fd_ = -1;
};

// pipe: `a` reads, `b` writes. Socket pairs: two connected ends; from
// tcp_pair, `a` is the connecting side and `b` the accepted one.
struct FdPair {
  UniqueFd a;
  UniqueFd b;
};

FdPair make_pipe();
FdPair socket_pair(int type = SOCK_STREAM);
sockaddr_in loopback(uint16_t port);
uint16_t local_port(int fd);
// A TCP listener on 127.0.0.1, port 0.
UniqueFd tcp_listener(int backlog = SOMAXCONN);
UniqueFd tcp_socket();
FdPair tcp_pair();
// A UDP socket bound to 127.0.0.1, port 0.
UniqueFd udp_socket();
// A loopback port nobody listens on (bound once, then released).
uint16_t unused_port();
// A descriptor number that is not open.
int closed_fd();
// Reads exactly `size` bytes with blocking read(2); false on EOF or error.
bool read_exact(int fd, void* data, size_t size);
bool write_all(int fd, const void* data, size_t size);
std::vector<std::byte> random_bytes(size_t size, uint32_t seed);

// A fresh directory under /tmp, removed with everything in it at the end.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const noexcept { return path_; }
  std::string file(std::string_view name) const;
  // Creates (truncates) `name` holding `content`, open read-write.
  UniqueFd make_file(std::string_view name, std::string_view content) const;

 private:
  std::string path_;
};

// Submits until `count` entries came or `timeout` passed; returns them all.
std::vector<Entry> run_until(Driver& driver, size_t count,
                             std::chrono::milliseconds timeout = kWait);
// Pushes one single-shot op and returns its entry. If none comes in time it
// records a failure, cancels the op and returns {user_data, kNoEntry}.
Entry run_one(Driver& driver, OpBase& op, uint64_t user_data = 1,
              std::chrono::milliseconds timeout = kWait);
// Cancels `op` if it is in flight and waits (bounded) for its final entry.
void reclaim(Driver& driver, OpBase& op);
// Pushes `op`, which needs a capability the driver lacks: one final entry
// with -EOPNOTSUPP must come back.
void expect_unsupported(Driver& driver, OpBase& op);
// driver.attach(raw), recording a failure if it fails.
Fd attach(Driver& driver, int raw);

// Whether `result` failed with the error that `expected` stands for.
template <typename T>
testing::AssertionResult fails_with(const Result<T>& result, std::errc expected) {
  if (result.has_value()) return testing::AssertionFailure() << "succeeded";
  if (result.error() == std::make_error_condition(expected)) return testing::AssertionSuccess();
  return testing::AssertionFailure() << "failed with " << result.error().message() << ", wanted "
                                     << std::make_error_code(expected).message();
}

// Runs `fn` when the scope ends, however it ends (ASSERT returns early).
template <typename F>
class ScopeExit {
 public:
  explicit ScopeExit(F fn) : fn_(std::move(fn)) {}
  ~ScopeExit() { fn_(); }
  ScopeExit(const ScopeExit&) = delete;
  ScopeExit& operator=(const ScopeExit&) = delete;

 private:
  F fn_;
};

std::string backend_param_name(const testing::TestParamInfo<BackendKind>& info);

// Every driver test derives from this and runs once per backend. SetUp builds
// `driver()` with the default config: an io_uring that cannot start is a
// skip (the kernel or sandbox refuses it), an epoll that cannot start fails.
class DriverTest : public testing::TestWithParam<BackendKind> {
 protected:
  void SetUp() override;

  DriverConfig config(uint32_t entries = 256) const;
  // nullptr (with unavailable() saying why) when the backend cannot start.
  std::unique_ptr<Driver> make_driver(const DriverConfig& config);
  bool skip_unavailable() const { return GetParam() == BackendKind::io_uring; }
  const std::string& unavailable() const { return unavailable_; }
  Driver& driver() { return *driver_; }
  Fd attach(int raw) { return test::attach(*driver_, raw); }

  std::unique_ptr<Driver> driver_;
  std::string unavailable_;
};

}  // namespace cio::test

// Declares `var` = make_driver(cfg), skipping or failing like SetUp does.
#define CIO_DRIVER_OR_SKIP(var, cfg)                       \
  auto var = make_driver(cfg);                             \
  if (!var) {                                              \
    if (skip_unavailable()) GTEST_SKIP() << unavailable(); \
    FAIL() << unavailable();                               \
  }

// Continues only if `drv` supports `cap`. Otherwise io_uring skips (an older
// kernel) and any other backend must complete `op` with -EOPNOTSUPP.
#define CIO_REQUIRE_CAPABILITY(drv, cap, op)                  \
  do {                                                        \
    if (!(drv).supports(cap)) {                               \
      if ((drv).backend() == ::cio::BackendKind::io_uring) {  \
        GTEST_SKIP() << "this kernel's io_uring lacks " #cap; \
      }                                                       \
      ::cio::test::expect_unsupported(drv, op);               \
      return;                                                 \
    }                                                         \
  } while (0)

// Instantiates a DriverTest-derived suite over both backends.
#define CIO_INSTANTIATE_BACKENDS(suite)                                                          \
  INSTANTIATE_TEST_SUITE_P(                                                                      \
      Backends, suite, testing::Values(::cio::BackendKind::io_uring, ::cio::BackendKind::epoll), \
      ::cio::test::backend_param_name)
