#include <cio/detail/runtime_log.hpp>

#include <spdlog/sinks/stdout_color_sinks.h>

namespace cio::detail {

const std::shared_ptr<spdlog::logger>& runtime_logger() {
  static std::shared_ptr<spdlog::logger> logger = [] {
    if (auto existing = spdlog::get("runtime")) return existing;
    return spdlog::stderr_color_mt("runtime");
  }();
  return logger;
}

}  // namespace cio::detail
