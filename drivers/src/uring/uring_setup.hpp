// Creating the ring: probe the kernel, use the best setup flags it accepts,
// and read off which optional operations it supports.
#pragma once

#include <liburing.h>

#include <cio/driver/driver_config.hpp>

namespace cio::detail {

struct UringCapabilities {
  bool multishot_accept = false;
  bool multishot_recv = false;
  bool send_zc = false;
  bool splice = false;
  bool msg_ring = false;
};

// Initialises `ring` and fills `info`. Throws std::system_error naming
// io_uring_queue_init_params (errno ENOSYS/EPERM when io_uring is blocked).
// CIO_FORCE_IO_URING_ERROR=<errno name or number> simulates a refusal.
void create_ring(io_uring& ring, const DriverConfig& config, SetupInfo& info);

UringCapabilities probe_capabilities(io_uring& ring);

}  // namespace cio::detail
