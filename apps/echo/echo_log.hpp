// The echo server's logger, obtained once: logging through it on the
// connection path takes no lock and allocates nothing at a disabled level.
#pragma once

#include <cio/app/logging.hpp>

namespace cio::echo {

inline const app::Logger& echo_log() {
  static const app::Logger logger("echo");
  return logger;
}

}  // namespace cio::echo
