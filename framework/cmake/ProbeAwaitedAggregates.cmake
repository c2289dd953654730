# Checks at configure time whether the compiler destroys a lambda built inside
# a co_await expression twice (GCC 12 does), and that the framework's guard
# (cio/detail/awaited_arguments.hpp) is on exactly for such compilers. The
# guard itself goes by the compiler's version; only the project's own build
# (not a consumer's, not a cross build) runs the probe.
# Cached so the tests (another directory scope) see it.
set(guards OFF)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  set(guards ON)
endif()
set(CIO_GUARDS_AWAITED_AGGREGATES ${guards} CACHE INTERNAL "awaited_arguments.hpp guards this compiler")
if(NOT CIO_DEVELOPER OR CMAKE_CROSSCOMPILING)
  return()
endif()

try_run(CIO_AWAITED_AGGREGATES_RUN CIO_AWAITED_AGGREGATES_COMPILED
  ${CMAKE_BINARY_DIR}/probe_awaited_aggregates
  ${CMAKE_CURRENT_LIST_DIR}/probe_awaited_aggregates.cpp
  CMAKE_FLAGS -DCMAKE_CXX_STANDARD=20 -DCMAKE_CXX_STANDARD_REQUIRED=ON
  COMPILE_OUTPUT_VARIABLE CIO_AWAITED_AGGREGATES_COMPILE_OUTPUT)
if(NOT CIO_AWAITED_AGGREGATES_COMPILED)
  message(FATAL_ERROR "the coroutine probe does not compile: C++20 coroutines are required\n"
    "${CIO_AWAITED_AGGREGATES_COMPILE_OUTPUT}")
elseif(CIO_AWAITED_AGGREGATES_RUN EQUAL 0 AND CIO_GUARDS_AWAITED_AGGREGATES)
  message(STATUS "coroutine probe: ${CMAKE_CXX_COMPILER_ID} ${CMAKE_CXX_COMPILER_VERSION} "
    "did not destroy the awaited lambda twice here; the guard stays on for GCC < 13")
elseif(CIO_AWAITED_AGGREGATES_RUN EQUAL 0)
  message(STATUS "coroutine probe: ${CMAKE_CXX_COMPILER_ID} ${CMAKE_CXX_COMPILER_VERSION} "
    "destroys awaited lambdas once; every cross-shard call form is available")
elseif(CIO_GUARDS_AWAITED_AGGREGATES)
  message(STATUS "coroutine probe: ${CMAKE_CXX_COMPILER_ID} ${CMAKE_CXX_COMPILER_VERSION} "
    "destroys a lambda built inside a co_await expression twice when it captures an "
    "object with a destructor. The framework's calls that take callables reject that "
    "form at compile time: pass such values as arguments after the callable, or name "
    "the lambda first. To write the capturing form, build with clang 16 "
    "(CXX=clang++-16).")
else()
  message(FATAL_ERROR "coroutine probe: ${CMAKE_CXX_COMPILER_ID} "
    "${CMAKE_CXX_COMPILER_VERSION} destroys awaited lambdas twice, but "
    "cio/detail/awaited_arguments.hpp does not guard this compiler: extend its check.")
endif()
