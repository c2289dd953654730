#include "log.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>

#include <atomic>

namespace cio::detail {

std::shared_ptr<spdlog::logger> driver_logger() {
  static std::shared_ptr<spdlog::logger> logger = [] {
    if (auto existing = spdlog::get("driver")) return existing;
    return spdlog::stderr_color_mt("driver");
  }();
  return logger;
}

void log_setup_once(const SetupInfo& setup) {
  static std::atomic<bool> logged{false};
  const bool first = !logged.exchange(true);
  auto logger = driver_logger();
  if (!setup.fallback_reason.empty() && first) {
    logger->warn("io_uring unavailable ({}); using the epoll backend", setup.fallback_reason);
  }
  logger->log(first ? spdlog::level::info : spdlog::level::debug, "driver: {}", setup.describe());
}

}  // namespace cio::detail
