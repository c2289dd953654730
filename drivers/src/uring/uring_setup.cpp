#include "uring_setup.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string_view>
#include <system_error>

namespace cio::detail {
namespace {

// Flags to try, newest kernel feature first; each EINVAL drops the next.
constexpr uint32_t kFlagLadder[] = {
    IORING_SETUP_DEFER_TASKRUN,
    IORING_SETUP_SINGLE_ISSUER,
    IORING_SETUP_COOP_TASKRUN | IORING_SETUP_TASKRUN_FLAG,
    IORING_SETUP_SUBMIT_ALL,
};

constexpr uint32_t kAllFlags = IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_SINGLE_ISSUER |
                               IORING_SETUP_COOP_TASKRUN | IORING_SETUP_TASKRUN_FLAG |
                               IORING_SETUP_SUBMIT_ALL;

// The errno a test asked us to pretend io_uring_setup failed with, or 0.
int forced_error() {
  const char* value = std::getenv("CIO_FORCE_IO_URING_ERROR");
  if (value == nullptr || *value == '\0') return 0;
  const std::string_view name(value);
  if (name == "ENOSYS") return ENOSYS;
  if (name == "EPERM") return EPERM;
  if (name == "EACCES") return EACCES;
  if (name == "ENOMEM") return ENOMEM;
  const int number = std::atoi(value);
  return number > 0 ? number : EPERM;
}

int try_init(io_uring& ring, uint32_t entries, uint32_t cq_entries, uint32_t flags) {
  io_uring_params params{};
  params.flags = flags | IORING_SETUP_CQSIZE;
  params.cq_entries = cq_entries;
  return io_uring_queue_init_params(entries, &ring, &params);
}

constexpr uint32_t kInternalSqes = 8;

}  // namespace

void create_ring(io_uring& ring, const DriverConfig& config, SetupInfo& info) {
  if (const int err = forced_error()) {
    throw std::system_error(err, std::system_category(),
                            "io_uring_queue_init_params (forced by CIO_FORCE_IO_URING_ERROR)");
  }
  const uint32_t user_entries = config.entries == 0 ? 1 : config.entries;
  // Room for the driver's own SQEs (wake re-arm, cancels) beside the caller's.
  const uint32_t entries = user_entries + kInternalSqes;
  // The kernel wants the CQ at least as deep as the SQ.
  const uint32_t wanted_cq =
      config.completion_entries != 0 ? config.completion_entries : user_entries * 4;
  const uint32_t cq_entries = wanted_cq < entries ? entries : wanted_cq;
  uint32_t flags = kAllFlags;
  int ret = try_init(ring, entries, cq_entries, flags);
  for (uint32_t drop : kFlagLadder) {
    if (ret != -EINVAL) break;
    flags &= ~drop;
    ret = try_init(ring, entries, cq_entries, flags);
  }
  if (ret < 0) throw std::system_error(-ret, std::system_category(), "io_uring_queue_init_params");
  info.backend = BackendKind::io_uring;
  info.setup_flags = flags | IORING_SETUP_CQSIZE;
  info.features = ring.features;
  info.sq_entries = ring.sq.ring_entries;
  info.cq_entries = ring.cq.ring_entries;
  info.registered_ring_fd = io_uring_register_ring_fd(&ring) == 1;
}

UringCapabilities probe_capabilities(io_uring& ring) {
  std::unique_ptr<io_uring_probe, decltype(&io_uring_free_probe)> probe(
      io_uring_get_probe_ring(&ring), &io_uring_free_probe);
  UringCapabilities caps;
  if (!probe) return caps;
  auto has = [&](int op) { return io_uring_opcode_supported(probe.get(), op) != 0; };
  // Multishot accept and provided-buffer rings arrived in 5.19 with
  // IORING_OP_SOCKET; multishot recv in 6.0 with IORING_OP_SEND_ZC.
  caps.multishot_accept = has(IORING_OP_SOCKET);
  caps.multishot_recv = has(IORING_OP_SEND_ZC);
  caps.send_zc = has(IORING_OP_SEND_ZC);
  caps.splice = has(IORING_OP_SPLICE);
  caps.msg_ring = has(IORING_OP_MSG_RING);
  return caps;
}

}  // namespace cio::detail
