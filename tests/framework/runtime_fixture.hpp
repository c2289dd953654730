// Shared fixture for framework tests: every test runs once per backend on a
// fresh Runtime, and io_uring cases skip with a reason where it is blocked.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <ostream>
#include <string>
#include <system_error>
#include <utility>

#include <cio/core/runtime.hpp>

namespace cio {
// Test failures name the backend rather than printing a byte.
inline void PrintTo(BackendKind kind, std::ostream* out) { *out << backend_name(kind); }
}  // namespace cio

namespace cio::testing {

class RuntimeTest : public ::testing::TestWithParam<BackendKind> {
 protected:
  RuntimeConfig config() const {
    RuntimeConfig config;
    config.driver.backend = GetParam();
    return config;
  }

  // Runs `task` to completion on a new runtime of the test's backend.
  template <typename T>
  T run(Task<T> task) {
    return make_runtime().block_on(std::move(task));
  }

  // A runtime for tests that need it beyond one block_on.
  Runtime make_runtime() { return Runtime(config()); }

  void SetUp() override {
    if (GetParam() != BackendKind::io_uring) return;
    try {
      Driver probe(DriverConfig{.entries = 4, .backend = BackendKind::io_uring});
    } catch (const std::system_error& error) {
      GTEST_SKIP() << "io_uring unavailable here: " << error.what();
    }
  }
};

inline std::string backend_test_name(const ::testing::TestParamInfo<BackendKind>& info) {
  return std::string(backend_name(info.param));
}

}  // namespace cio::testing

// Instantiates a RuntimeTest-derived suite for both backends.
#define CIO_RUNTIME_TEST_SUITE(Suite)                                                              \
  INSTANTIATE_TEST_SUITE_P(                                                                        \
      Backends, Suite, ::testing::Values(::cio::BackendKind::io_uring, ::cio::BackendKind::epoll), \
      ::cio::testing::backend_test_name)
