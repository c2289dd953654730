// The runtime's logger ("runtime").
#pragma once

#include <spdlog/spdlog.h>

#include <memory>

namespace cio::detail {

std::shared_ptr<spdlog::logger> runtime_logger();

}  // namespace cio::detail
