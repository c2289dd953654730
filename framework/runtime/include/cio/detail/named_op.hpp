// NamedOp<Op, T>: an OpAwaitable whose error names the call that failed
// ("read: Connection reset by peer (errno 104)") and whose value is typed
// (T = size_t for byte counts, void for close/fsync/shutdown). The op still
// lives in the awaiting frame: no allocation per op. A NamedOp can also be
// built already rejected (a check made before the op, e.g. O_DIRECT
// alignment); then nothing is submitted and the rejection is the result.
#pragma once

#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <system_error>
#include <type_traits>
#include <utility>

#include <cio/core/op_awaitable.hpp>
#include <cio/driver/result.hpp>

namespace cio::detail {

// The kernel moves at most this many bytes per read/write call (MAX_RW_COUNT).
inline constexpr uint32_t kMaxIoLength = 0x7ffff000;

inline uint32_t io_length(size_t size) noexcept {
  return size < kMaxIoLength ? static_cast<uint32_t>(size) : kMaxIoLength;
}

// The name an op's errors carry (a string with static lifetime), and an
// optional rejection: when set, the op is never submitted.
struct OpName {
  OpName(const char* op_name) noexcept : name(op_name) {}  // NOLINT: implicit by design
  OpName(const char* op_name, std::errc rejection) noexcept : name(op_name), rejected(rejection) {}
  const char* name;
  std::errc rejected{};
};

// Re-labels a failed Result<U> as a Result<T> with the same error and name.
template <typename T, typename U>
Result<T> error_of(const Result<U>& failed) noexcept {
  return Result<T>(failed.error(), failed.operation());
}

template <typename Op, typename T = size_t>
class [[nodiscard]] NamedOp {
 public:
  template <typename... Args>
  explicit NamedOp(OpName name, Args&&... args)
      : name_(name), inner_(std::forward<Args>(args)...) {}

  bool await_ready() const noexcept { return name_.rejected != std::errc(); }
  void await_suspend(std::coroutine_handle<> waiter) noexcept { inner_.await_suspend(waiter); }
  Result<T> await_resume() noexcept {
    Result<uint32_t> raw = kernel_result();
    if (!raw) return error_of<T>(raw);
    if constexpr (std::is_void_v<T>) {
      return {};
    } else {
      return static_cast<T>(*raw);
    }
  }

  // The op after completion (peer address of a RecvFrom, ...).
  const Op& op() const noexcept { return inner_.op(); }

 protected:
  // The kernel's result (or the rejection), errors named.
  Result<uint32_t> kernel_result() noexcept {
    if (name_.rejected != std::errc()) {
      return Result<uint32_t>(std::make_error_code(name_.rejected), name_.name);
    }
    Result<uint32_t> raw = inner_.await_resume();
    if (!raw) return Result<uint32_t>(raw.error(), name_.name);
    return raw;
  }

 private:
  OpName name_;
  OpAwaitable<Op> inner_;
};

}  // namespace cio::detail
