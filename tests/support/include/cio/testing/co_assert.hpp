// Assertions for coroutine test bodies: gtest's ASSERT_* use `return`,
// which a coroutine cannot; these record a failure and co_return instead.
#pragma once

#include <gtest/gtest.h>

// Fails the test and leaves the coroutine when `expr` (evaluated once)
// holds an error; prints the error's describe().
#define CIO_CO_ASSERT_OK(expr)                                         \
  do {                                                                 \
    auto&& cio_result_ = (expr);                                       \
    if (!cio_result_) {                                                \
      ADD_FAILURE() << #expr << " failed: " << cio_result_.describe(); \
      co_return;                                                       \
    }                                                                  \
  } while (false)

// Fails the test and leaves the coroutine when `condition` is false.
#define CIO_CO_ASSERT(condition)                \
  do {                                          \
    if (!(condition)) {                         \
      ADD_FAILURE() << "expected: " #condition; \
      co_return;                                \
    }                                           \
  } while (false)
