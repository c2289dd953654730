/// @file
/// Result<T>: a value or a std::error_code. The kernel's -errno convention is
/// turned into this type exactly once, at the layer boundary (std::expected is
/// not usable with every compiler this project supports).
#pragma once

#include <cerrno>
#include <cstdint>
#include <string>
#include <system_error>
#include <type_traits>
#include <utility>

namespace cio {

/// The std::error_code (system category) for errno value `err`; pass -res for
/// a negative kernel result.
inline std::error_code errno_code(int err) noexcept { return {err, std::system_category()}; }

namespace detail {
// The error half of Result: an errno-style code, its category and the name
// of the operation that failed (a string literal), kept as plain words so a
// successful Result costs nothing to build (std::error_code's default
// constructor is an out-of-line call).
class ResultError {
 public:
  ResultError() noexcept = default;
  ResultError(std::error_code error, const char* operation = nullptr) noexcept  // NOLINT
      : code_(error.value()), category_(&error.category()), operation_(operation) {}
  bool failed() const noexcept { return category_ != nullptr; }
  std::error_code code() const noexcept {
    return failed() ? std::error_code(code_, *category_) : std::error_code();
  }
  const char* operation() const noexcept { return operation_; }
  // "<operation>: <message> (errno <n>)", or "" on success.
  std::string describe() const {
    if (!failed()) return {};
    std::string text = operation_ != nullptr ? std::string(operation_) + ": " : std::string();
    text += code().message();
    const bool is_errno =
        category_ == &std::system_category() || category_ == &std::generic_category();
    return is_errno ? text + " (errno " + std::to_string(code_) + ")" : text;
  }

 private:
  int code_ = 0;
  const std::error_category* category_ = nullptr;
  const char* operation_ = nullptr;
};

// What every Result has, with or without a value: the error and the
// queries about it.
class ResultBase {
 public:
  ResultBase() noexcept = default;
  ResultBase(std::error_code error) noexcept : error_(error) {}                  // NOLINT
  ResultBase(std::errc error) noexcept : error_(std::make_error_code(error)) {}  // NOLINT
  // A failure of `operation` (a string literal naming the call).
  ResultBase(std::error_code error, const char* operation) noexcept : error_(error, operation) {}

  bool has_value() const noexcept { return !error_.failed(); }
  explicit operator bool() const noexcept { return has_value(); }
  std::error_code error() const noexcept { return error_.code(); }
  // The failed operation's name, or nullptr if none was given.
  const char* operation() const noexcept { return error_.operation(); }
  // "<operation>: <message> (errno <n>)" for logs and error messages.
  std::string describe() const { return error_.describe(); }

 protected:
  // Throws std::system_error (what() starts with the operation) on failure.
  void throw_if_failed() const {
    if (error_.failed())
      throw std::system_error(error(), operation() != nullptr ? operation() : "");
  }

 private:
  ResultError error_;
};
}  // namespace detail

/// A T, or the error (and optionally the name of the operation) that stopped
/// it. Construct a failure from a std::error_code or std::errc, a success from
/// a T. Test it with has_value() or `if (result)`; error(), operation() and
/// describe() report the failure.
template <typename T>
class [[nodiscard]] Result : public detail::ResultBase {
 public:
  using ResultBase::ResultBase;
  /// A success holding `value` (implicit, so a function can `return value;`).
  Result(T value) noexcept(std::is_nothrow_move_constructible_v<T>)  // NOLINT: implicit by design
      : value_(std::move(value)) {}

  /// The value; throws std::system_error (what() starts with the operation's
  /// name) when this holds an error.
  T& value() & {
    throw_if_failed();
    return value_;
  }
  /// The value; throws std::system_error when this holds an error.
  const T& value() const& {
    throw_if_failed();
    return value_;
  }
  /// Moves the value out; throws std::system_error when this holds an error.
  T&& value() && {
    throw_if_failed();
    return std::move(value_);
  }
  /// The value, unchecked: on a failure it is a value-initialised T.
  T& operator*() noexcept { return value_; }
  /// The value, unchecked (see operator*()).
  const T& operator*() const noexcept { return value_; }
  /// The value's members, unchecked (see operator*()).
  T* operator->() noexcept { return &value_; }
  /// The value's members, unchecked (see operator*()).
  const T* operator->() const noexcept { return &value_; }

 private:
  T value_{};
};

/// Success or an error, for calls that return nothing: `return {};` succeeds.
template <>
class [[nodiscard]] Result<void> : public detail::ResultBase {
 public:
  using ResultBase::ResultBase;
  /// A success.
  Result() noexcept = default;
  /// Throws std::system_error when this holds an error; does nothing otherwise.
  void value() const { throw_if_failed(); }
};

/// Maps a kernel-style result (>= 0 success, -errno failure) to Result<T>,
/// casting a success to T; `operation` (a string literal) names the call in
/// the error.
template <typename T = uint32_t>
Result<T> from_kernel(int64_t res, const char* operation = nullptr) noexcept {
  if (res < 0) return Result<T>(errno_code(static_cast<int>(-res)), operation);
  return static_cast<T>(res);
}

}  // namespace cio
