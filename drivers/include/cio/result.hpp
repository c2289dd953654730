// Result<T>: a value or a std::error_code. The kernel's -errno convention is
// turned into this type exactly once, at the layer boundary (std::expected is
// not usable with every compiler this project supports).
#pragma once

#include <cerrno>
#include <cstdint>
#include <system_error>
#include <type_traits>
#include <utility>

namespace cio {

// The error a negative kernel result stands for.
inline std::error_code errno_code(int err) noexcept { return {err, std::system_category()}; }

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) noexcept(std::is_nothrow_move_constructible_v<T>)  // NOLINT: implicit by design
      : value_(std::move(value)), ok_(true) {}
  Result(std::error_code error) noexcept : error_(error), ok_(false) {}                  // NOLINT
  Result(std::errc error) noexcept : error_(std::make_error_code(error)), ok_(false) {}  // NOLINT

  bool has_value() const noexcept { return ok_; }
  explicit operator bool() const noexcept { return ok_; }
  const std::error_code& error() const noexcept { return error_; }

  T& value() & {
    if (!ok_) throw std::system_error(error_);
    return value_;
  }
  const T& value() const& {
    if (!ok_) throw std::system_error(error_);
    return value_;
  }
  T&& value() && {
    if (!ok_) throw std::system_error(error_);
    return std::move(value_);
  }
  T& operator*() noexcept { return value_; }
  const T& operator*() const noexcept { return value_; }
  T* operator->() noexcept { return &value_; }
  const T* operator->() const noexcept { return &value_; }

 private:
  T value_{};
  std::error_code error_{};
  bool ok_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() noexcept = default;
  Result(std::error_code error) noexcept : error_(error) {}                  // NOLINT
  Result(std::errc error) noexcept : error_(std::make_error_code(error)) {}  // NOLINT

  bool has_value() const noexcept { return !error_; }
  explicit operator bool() const noexcept { return !error_; }
  const std::error_code& error() const noexcept { return error_; }
  void value() const {
    if (error_) throw std::system_error(error_);
  }

 private:
  std::error_code error_{};
};

// Maps a kernel-style result (>= 0 success, -errno failure) to Result<T>.
template <typename T = uint32_t>
Result<T> from_kernel(int64_t res) noexcept {
  if (res < 0) return errno_code(static_cast<int>(-res));
  return static_cast<T>(res);
}

}  // namespace cio
