// Fills one SQE from an op: the io_uring half of every op's definition.
#pragma once

#include <liburing.h>

#include <cio/op_base.hpp>

namespace cio::detail {

void prep_sqe(io_uring_sqe* sqe, OpBase& op) noexcept;

}  // namespace cio::detail
