// The echo servers bench-echo runs: cio-echo (ours) and its baselines, the
// Asio example echo server that Debian ships (compiled here, at first use)
// and uring-echo-baseline (perf/baselines).
#pragma once

#include <string>
#include <vector>

namespace cio::bench {

struct ServerSpec {
  std::string key;    // in ratio names: cio_echo, asio, asio_64k, uring
  std::string label;  // in tables
  std::vector<std::string> argv;
  bool logs_port = true;  // prints `listening on ...`; else its port is found in /proc
};

// cio-echo with one shard on CPU 0, TCP on 127.0.0.1 with a free port,
// the shipped config otherwise, logging warnings and the listening line.
ServerSpec cio_echo_server();

// uring-echo-baseline on a free port, with cio-echo's ring size.
ServerSpec uring_server();

// The Asio example (async_tcp_echo_server.cpp from libasio-doc), compiled
// with `g++ -O2 -std=c++17 -pthread` into the build directory unless an
// up-to-date binary is there already. With `max_length_64k`, a copy whose
// read buffer is raised from 1024 to 65536 bytes by sed first. Throws
// cio::perf::Skip when the example is not installed, std::runtime_error
// when making it fails.
ServerSpec asio_server(bool max_length_64k);

// Where the Asio example's source is expected.
const char* asio_source();

}  // namespace cio::bench
