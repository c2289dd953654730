// Builds the bench's Runtime; a backend this machine cannot start becomes
// perf::Skip, like the driver benches do.
#pragma once

#include <optional>
#include <string>
#include <system_error>

#include <cio/core/runtime.hpp>
#include <cio/perf/suite.hpp>

namespace cio::bench {

inline void emplace_runtime(std::optional<Runtime>& slot, const RuntimeConfig& config) {
  try {
    slot.emplace(config);
  } catch (const std::system_error& error) {
    throw perf::Skip(std::string(backend_name(config.driver.backend)) +
                     " backend unavailable: " + error.what());
  }
}

}  // namespace cio::bench
