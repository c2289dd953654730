/// @file
/// OpBase: the part every operation shares. An op is a plain struct owned by
/// the caller; the driver only borrows it between a successful push and its
/// final completion. While it is in flight its address is the key the kernel
/// reports back, so it must not be copied over, copied from or destroyed:
/// doing so aborts with a message, in every build type (one predictable
/// branch on copy and destruction).
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>

namespace cio {

/// Every op the drivers know, in OpCode order: X(code, Type, reach). The
/// OpCode enum, op_name, the io_uring prep table, the epoll emulation's fd
/// lookup and each backend's supported set are all generated from this one
/// list, so adding an op is one line here plus its struct (ops.hpp) and its
/// io_uring prep; the compiler names whatever is missing. `portable` ops run on
/// both backends; `uring_only` ones need io_uring (see Driver::supports).
#define CIO_DRIVER_OPS(X)                          \
  X(nop, Nop, portable)                            \
  X(read, Read, portable)                          \
  X(write, Write, portable)                        \
  X(read_at, ReadAt, portable)                     \
  X(write_at, WriteAt, portable)                   \
  X(readv_at, ReadvAt, portable)                   \
  X(writev_at, WritevAt, portable)                 \
  X(read_at_fixed, ReadAtFixed, portable)          \
  X(write_at_fixed, WriteAtFixed, portable)        \
  X(recv, Recv, portable)                          \
  X(send, Send, portable)                          \
  X(recv_msg, RecvMsg, portable)                   \
  X(send_msg, SendMsg, portable)                   \
  X(accept, Accept, portable)                      \
  X(connect, Connect, portable)                    \
  X(close, Close, portable)                        \
  X(fsync, Fsync, portable)                        \
  X(sync_file_range, SyncFileRange, portable)      \
  X(open_at, OpenAt, portable)                     \
  X(shutdown, Shutdown, portable)                  \
  X(timeout, Timeout, portable)                    \
  X(accept_multishot, AcceptMultishot, uring_only) \
  X(recv_multishot, RecvMultishot, uring_only)     \
  X(send_zc, SendZc, uring_only)                   \
  X(splice, Splice, uring_only)                    \
  X(msg_ring, MsgRing, uring_only)

/// Turns one CIO_DRIVER_OPS row into an OpCode enumerator (undefined right after use).
#define CIO_OP_CODE_ENUMERATOR(code, Type, reach) code,
/// Which operation an op is: one enumerator per CIO_DRIVER_OPS row, named
/// like the row's `code` (nop, read, ..., msg_ring).
enum class OpCode : uint8_t { CIO_DRIVER_OPS(CIO_OP_CODE_ENUMERATOR) };
#undef CIO_OP_CODE_ENUMERATOR

/// Which backends can run an op.
enum class OpReach : uint8_t {
  portable,   ///< both; epoll emulates it over readiness
  uring_only  ///< io_uring when the kernel has it; else it completes with -EOPNOTSUPP
};

/// Turns one CIO_DRIVER_OPS row into a kOpReach element (undefined right after use).
#define CIO_OP_REACH(code, Type, reach) OpReach::reach,
/// Each op's reach, indexed by OpCode.
inline constexpr OpReach kOpReach[] = {CIO_DRIVER_OPS(CIO_OP_REACH)};
#undef CIO_OP_REACH

/// How many OpCodes there are.
inline constexpr size_t kOpCodeCount = std::size(kOpReach);

/// The reach of op `code` (a kOpReach lookup).
constexpr OpReach reach_of(OpCode code) noexcept { return kOpReach[static_cast<size_t>(code)]; }

/// Human-readable op name, for logs and error messages.
const char* op_name(OpCode code) noexcept;

/// Where an op is in its life; see OpBase::state.
enum class OpState : uint8_t {
  idle,       ///< owned by the caller alone
  queued,     ///< waiting in an OpQueue for SQ space
  in_flight,  ///< borrowed by the driver until its final completion
};

class OpBase;

namespace detail {
[[noreturn]] void op_misuse(const char* what, const void* op) noexcept;

// What the drivers and the runtime keep inside every op; not for callers.
struct OpBookkeeping {
  // OpList / OpQueue links.
  OpBase* next = nullptr;
  OpBase* prev = nullptr;
  // A linked timeout and its target point at each other while both are in
  // flight (Driver::try_push_linked).
  OpBase* link = nullptr;
  // Emulating backends: the result held until it is delivered.
  int32_t pending_result = 0;
  uint32_t pending_flags = 0;
  // Per backend: where the op is, or how its completion is special.
  uint8_t backend_state = 0;
};
}  // namespace detail

/// The base of every op (ops.hpp): its code, its state and the user_data it
/// was pushed with. Ops are caller-owned; a Driver borrows one from a
/// successful push until its final entry (see op_base.hpp).
class OpBase {
 public:
  /// An idle op of kind `code`; called by each op's constructor.
  explicit OpBase(OpCode code) noexcept : code_(code) {}
  /// Copies the code only; the copy is idle. Aborts if `other` is in flight.
  OpBase(const OpBase& other) noexcept : code_(other.code_) { check_idle(other, "copied"); }
  /// Copies the code only, keeping this op's state. Aborts if either op is in
  /// flight.
  OpBase& operator=(const OpBase& other) noexcept {
    check_idle(*this, "overwritten");
    check_idle(other, "copied");
    code_ = other.code_;
    return *this;
  }
  /// Aborts if the op is still in flight.
  ~OpBase() { check_idle(*this, "destroyed"); }

  /// Which operation this is.
  OpCode code() const noexcept { return code_; }
  /// idle, queued (in an OpQueue) or in flight (borrowed by a Driver).
  OpState state() const noexcept { return state_; }
  /// True from a successful push until the op's final entry is copied out.
  bool in_flight() const noexcept { return state_ == OpState::in_flight; }
  /// The user_data of the last push (Driver::try_push, OpQueue::push); every
  /// Entry of the op carries it. 0 before the first.
  uint64_t user_data() const noexcept { return user_data_; }

  /// Driver, queue and runtime bookkeeping; not for callers.
  detail::OpBookkeeping& bookkeeping() noexcept { return bookkeeping_; }
  /// Driver, queue and runtime bookkeeping; not for callers.
  const detail::OpBookkeeping& bookkeeping() const noexcept { return bookkeeping_; }
  /// For drivers and queues: sets the state and the user_data to report.
  void mark(OpState state, uint64_t user_data) noexcept {
    state_ = state;
    user_data_ = user_data;
  }
  /// For drivers and queues: sets the state only.
  void mark(OpState state) noexcept { state_ = state; }

 private:
  static void check_idle(const OpBase& op, const char* what) noexcept {
    if (op.state_ == OpState::in_flight) [[unlikely]]
      detail::op_misuse(what, &op);
  }

  OpCode code_;
  OpState state_ = OpState::idle;
  uint64_t user_data_ = 0;
  detail::OpBookkeeping bookkeeping_{};
};

}  // namespace cio
