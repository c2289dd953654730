#include <cio/driver/driver_config.hpp>

#include <liburing.h>

#include <iterator>

namespace cio {

std::string_view backend_name(BackendKind kind) noexcept {
  switch (kind) {
    case BackendKind::automatic:
      return "auto";
    case BackendKind::io_uring:
      return "io_uring";
    case BackendKind::epoll:
      return "epoll";
  }
  return "unknown";
}

namespace {

struct NamedFlag {
  uint32_t bit;
  const char* name;
};

constexpr NamedFlag kSetupFlags[] = {
    {IORING_SETUP_SUBMIT_ALL, "SUBMIT_ALL"},       {IORING_SETUP_COOP_TASKRUN, "COOP_TASKRUN"},
    {IORING_SETUP_TASKRUN_FLAG, "TASKRUN_FLAG"},   {IORING_SETUP_SINGLE_ISSUER, "SINGLE_ISSUER"},
    {IORING_SETUP_DEFER_TASKRUN, "DEFER_TASKRUN"}, {IORING_SETUP_CQSIZE, "CQSIZE"},
};

std::string named_flags(uint32_t flags) {
  std::string out;
  for (const auto& flag : kSetupFlags) {
    if ((flags & flag.bit) == 0) continue;
    if (!out.empty()) out += '|';
    out += flag.name;
  }
  return out.empty() ? "none" : out;
}

}  // namespace

std::string SetupInfo::describe() const {
  std::string out{backend_name(backend)};
  out += " sq=" + std::to_string(sq_entries) + " cq=" + std::to_string(cq_entries);
  if (backend == BackendKind::io_uring) {
    out += " flags=" + named_flags(setup_flags);
    out += registered_ring_fd ? " registered-ring-fd" : "";
  }
  return out;
}

}  // namespace cio
