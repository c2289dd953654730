#include "interrupt.hpp"

#include <csignal>

namespace cio::bench {
namespace {

volatile std::sig_atomic_t caught = 0;

void remember(int signal) { caught = signal; }

}  // namespace

void catch_interrupts() {
  struct sigaction action {};
  action.sa_handler = remember;
  action.sa_flags = SA_RESTART;  // the wait for a running command goes on
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGINT, &action, nullptr);
  ::sigaction(SIGTERM, &action, nullptr);
}

int interrupt_signal() noexcept { return caught; }

void throw_if_interrupted() {
  if (caught != 0) throw Interrupted();
}

}  // namespace cio::bench
