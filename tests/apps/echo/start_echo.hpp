// Starting cio-echo for a test: on 127.0.0.1 port 0 (the test reads the
// port from the listening line), two shards whatever the machine has.
#pragma once

#include <string>
#include <vector>

#include "app_process.hpp"

namespace cio::apps_test {

// The arguments every test server gets before its own.
inline std::vector<std::string> echo_args(std::vector<std::string> extra = {}) {
  std::vector<std::string> args{"--shards", "2", "--overprovision", "--echo.tcp", "127.0.0.1:0"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

inline AppProcess start_echo(std::vector<std::string> extra = {}) {
  return AppProcess(CIO_ECHO_BINARY, echo_args(std::move(extra)));
}

}  // namespace cio::apps_test
