// Driver setup: what each backend reports, the automatic fallback to epoll
// when io_uring is refused, and the debug check on ops that die in flight.
#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <system_error>

#include "driver_test_util.hpp"

namespace cio::test {
namespace {

class SetupTest : public DriverTest {};
CIO_INSTANTIATE_BACKENDS(SetupTest);

TEST_P(SetupTest, ReportsTheChosenBackend) {
  EXPECT_EQ(driver().backend(), GetParam());
  const SetupInfo& info = driver().setup();
  EXPECT_EQ(info.backend, GetParam());
  EXPECT_TRUE(info.fallback_reason.empty()) << "an explicit backend never falls back";
  EXPECT_NE(info.describe().find(backend_name(GetParam())), std::string::npos) << info.describe();
  EXPECT_EQ(driver().in_flight(), 0U);
  if (GetParam() == BackendKind::io_uring) {
    EXPECT_GE(info.sq_entries, 256U);
    EXPECT_GE(info.cq_entries, info.sq_entries);
    EXPECT_GE(driver().ring_fd(), 0);
  } else {
    EXPECT_EQ(driver().ring_fd(), -1);
  }
}

// Sets an environment variable for the rest of the scope.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) { setenv(name, value, 1); }
  ~ScopedEnv() { unsetenv(name_); }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
};

constexpr const char* kForceVar = "CIO_FORCE_IO_URING_ERROR";

// Parameterised over the refusal io_uring_setup pretends to get.
class FallbackTest : public testing::TestWithParam<int> {
 protected:
  const char* errno_name() const { return strerrorname_np(GetParam()); }
};
INSTANTIATE_TEST_SUITE_P(ForcedErrors, FallbackTest, testing::Values(EPERM, ENOSYS),
                         [](const testing::TestParamInfo<int>& info) {
                           return std::string(strerrorname_np(info.param));
                         });

TEST_P(FallbackTest, AutomaticFallsBackToEpollWithAReason) {
  ScopedEnv force(kForceVar, errno_name());
  std::unique_ptr<Driver> driver;
  try {
    driver = std::make_unique<Driver>(DriverConfig{});
  } catch (const std::system_error& error) {
    FAIL() << "backend automatic threw instead of falling back: " << error.what();
  }
  EXPECT_EQ(driver->backend(), BackendKind::epoll);
  EXPECT_FALSE(driver->setup().fallback_reason.empty());
  Nop nop;
  EXPECT_EQ(run_one(*driver, nop).result, 0) << "the fallback driver works";
}

TEST_P(FallbackTest, ExplicitIoUringThrows) {
  ScopedEnv force(kForceVar, errno_name());
  DriverConfig config;
  config.backend = BackendKind::io_uring;
  try {
    Driver driver(config);
    ADD_FAILURE() << "backend io_uring did not throw";
  } catch (const std::system_error& error) {
    EXPECT_EQ(error.code().value(), GetParam()) << error.what();
  }
}

TEST(AutomaticBackendTest, PicksIoUringWhenTheKernelAllowsIt) {
  unsetenv(kForceVar);
  DriverConfig explicit_uring;
  explicit_uring.backend = BackendKind::io_uring;
  try {
    Driver probe(explicit_uring);
  } catch (const std::system_error& error) {
    GTEST_SKIP() << "io_uring unavailable here: " << error.what();
  }
  Driver driver(DriverConfig{});
  EXPECT_EQ(driver.backend(), BackendKind::io_uring);
  EXPECT_TRUE(driver.setup().fallback_reason.empty()) << driver.setup().fallback_reason;
}

// Death tests run first (gtest orders *DeathTest suites ahead of the rest).
class OpLifetimeDeathTest : public DriverTest {};
CIO_INSTANTIATE_BACKENDS(OpLifetimeDeathTest);

// In the child: pushes a 10 s Timeout, submits it, then runs `misuse`.
template <typename Misuse>
void misuse_in_flight_timeout(const DriverConfig& config, Misuse misuse) {
  Driver driver(config);
  auto timeout = std::make_unique<Timeout>(10s);
  if (!driver.try_push(*timeout, 1)) return;
  std::array<Entry, 1> out{};
  (void)driver.submit(0ns, out);
  misuse(timeout);
}

TEST_P(OpLifetimeDeathTest, DestroyingAnInFlightTimeoutAborts) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  const DriverConfig cfg = config();
  EXPECT_DEATH(misuse_in_flight_timeout(cfg, [](auto& timeout) { timeout.reset(); }), "in flight");
}

TEST_P(OpLifetimeDeathTest, CopyingAnInFlightOpAborts) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  const DriverConfig cfg = config();
  EXPECT_DEATH(misuse_in_flight_timeout(cfg,
                                        [](auto& timeout) {
                                          Timeout copy(*timeout);
                                          (void)copy;
                                        }),
               "in flight");
}

}  // namespace
}  // namespace cio::test
