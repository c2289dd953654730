// Fills one SQE from an op: the io_uring half of every op's definition.
#pragma once

#include <liburing.h>

#include <cio/driver/op_base.hpp>

namespace cio::detail {

// Each fills `sqe` from an op of its OpCode and returns true (so a caller
// can end with a tail call).
using PrepFn = bool (*)(io_uring_sqe* sqe, OpBase& op) noexcept;
extern const PrepFn kPrepTable[];

inline bool prep_sqe(io_uring_sqe* sqe, OpBase& op) noexcept {
  return kPrepTable[static_cast<size_t>(op.code())](sqe, op);
}

}  // namespace cio::detail
