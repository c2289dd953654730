// OpBase: the part every operation shares. An op is a plain struct owned by
// the caller; the driver only borrows it between a successful push and its
// final completion. While it is in flight its address is the key the kernel
// reports back, so it must not move or die: debug builds abort if it does.
#pragma once

#include <cstddef>
#include <cstdint>

namespace cio {

enum class OpCode : uint8_t {
  nop,
  read,
  write,
  read_at,
  write_at,
  readv_at,
  writev_at,
  read_at_fixed,
  write_at_fixed,
  recv,
  send,
  recv_msg,
  send_msg,
  accept,
  connect,
  close,
  fsync,
  sync_file_range,
  open_at,
  shutdown,
  timeout,
  // io_uring-only extras (see Driver::supports).
  accept_multishot,
  recv_multishot,
  send_zc,
  splice,
  msg_ring,
};
// How many OpCodes there are (msg_ring is the last).
inline constexpr size_t kOpCodeCount = static_cast<size_t>(OpCode::msg_ring) + 1;

// Human-readable op name, for logs and error messages.
const char* op_name(OpCode code) noexcept;

enum class OpState : uint8_t {
  idle,       // owned by the caller alone
  queued,     // waiting in an OpQueue for SQ space
  in_flight,  // borrowed by the driver until its final completion
};

namespace detail {
[[noreturn]] void op_misuse(const char* what, const void* op) noexcept;
}

class OpBase {
 public:
  explicit OpBase(OpCode code) noexcept : code_(code) {}
  OpBase(const OpBase& other) noexcept : code_(other.code_) { check_idle(other, "copied"); }
  OpBase& operator=(const OpBase& other) noexcept {
    check_idle(*this, "overwritten");
    check_idle(other, "copied");
    code_ = other.code_;
    return *this;
  }
  ~OpBase() { check_idle(*this, "destroyed"); }

  OpCode code() const noexcept { return code_; }
  OpState state() const noexcept { return state_; }
  bool in_flight() const noexcept { return state_ == OpState::in_flight; }
  uint64_t user_data() const noexcept { return user_data_; }

  // Driver and queue bookkeeping; not for callers.
  struct Links {
    OpBase* next = nullptr;
    OpBase* prev = nullptr;
  };
  Links& links() noexcept { return links_; }
  void mark(OpState state, uint64_t user_data) noexcept {
    state_ = state;
    user_data_ = user_data;
  }
  void mark(OpState state) noexcept { state_ = state; }
  // Scratch space for emulating backends (result held until delivered).
  int32_t pending_result = 0;
  uint32_t pending_flags = 0;
  uint8_t backend_state = 0;
  // A linked timeout and its target point at each other while both are in
  // flight (Driver::try_push_linked).
  OpBase* link = nullptr;

 private:
  static void check_idle(const OpBase& op, const char* what) noexcept {
#ifndef NDEBUG
    if (op.state_ == OpState::in_flight) detail::op_misuse(what, &op);
#else
    (void)op;
    (void)what;
#endif
  }

  OpCode code_;
  OpState state_ = OpState::idle;
  uint64_t user_data_ = 0;
  Links links_{};
};

}  // namespace cio
