// The runtime's logger ("runtime"), obtained once; returned by reference so
// that a call costs no reference count.
#pragma once

#include <spdlog/spdlog.h>

#include <memory>

namespace cio::detail {

const std::shared_ptr<spdlog::logger>& runtime_logger();

}  // namespace cio::detail
