#include "raw_ring.hpp"

#include <system_error>

namespace cio::bench {

RawRing::RawRing(const SetupInfo& like) {
  io_uring_params params{};
  params.flags = like.setup_flags;
  params.cq_entries = like.cq_entries;
  const int ret = io_uring_queue_init_params(like.sq_entries, &ring_, &params);
  if (ret < 0) throw std::system_error(-ret, std::system_category(), "io_uring_queue_init_params");
  if (like.registered_ring_fd) io_uring_register_ring_fd(&ring_);
}

RawRing::~RawRing() { io_uring_queue_exit(&ring_); }

}  // namespace cio::bench
