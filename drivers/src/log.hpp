// The drivers' logger ("driver") and the one-time setup report.
#pragma once

#include <spdlog/spdlog.h>

#include <memory>

#include <cio/driver/driver_config.hpp>

namespace cio::detail {

std::shared_ptr<spdlog::logger> driver_logger();

// Logs the chosen setup at info level for the first driver of the process
// (debug after that), and a fallback to epoll as one warning.
void log_setup_once(const SetupInfo& setup);

}  // namespace cio::detail
