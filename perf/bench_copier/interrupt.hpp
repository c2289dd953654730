// SIGINT and SIGTERM end a bench-copier run after the command in progress,
// so that main() still removes the fixtures (gigabytes under
// $CIO_BENCH_DIR) instead of leaving them behind.
#pragma once

#include <stdexcept>

namespace cio::bench {

struct Interrupted : std::runtime_error {
  Interrupted() : std::runtime_error("interrupted") {}
};

// From now on SIGINT and SIGTERM are remembered rather than fatal.
void catch_interrupts();

// The signal caught, or 0.
int interrupt_signal() noexcept;

// Throws Interrupted once a signal was caught.
void throw_if_interrupted();

}  // namespace cio::bench
