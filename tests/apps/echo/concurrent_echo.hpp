// Many echo conversations at once from one test thread (epoll): every
// connection sends its own random payload in random-sized writes while it
// reads the echo back, and checks the bytes' count and checksum.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "echo_client.hpp"

namespace cio::apps_test {

struct LoadReport {
  size_t echoed = 0;  // conversations whose bytes came back exactly
  size_t failed = 0;
  uint64_t bytes = 0;  // echoed bytes
  std::string first_failure;
};

// Runs one conversation per connection, `sizes[i]` bytes on connection i,
// all within `limit`. Payloads derive from `seed`.
LoadReport echo_concurrently(std::vector<Socket>& connections, const std::vector<size_t>& sizes,
                             uint64_t seed, Millis limit);

// `count` sizes from 1 byte to `max` bytes, spread over every power of two
// between them (the first is 1, the last is `max`).
std::vector<size_t> spread_sizes(size_t count, size_t max, uint64_t seed);

}  // namespace cio::apps_test
