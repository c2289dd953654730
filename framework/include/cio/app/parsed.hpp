// Parsed<T>: a value, or the one-line message saying why the input was
// rejected. Config parsing reports to people, not to code, so the error is
// text rather than an error_code (compare cio::Result).
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace cio::app {

struct ParseError {
  std::string message;
};

template <typename T = std::monostate>
class [[nodiscard]] Parsed {
 public:
  // Success for Parsed<> (nothing to carry).
  Parsed() requires std::is_same_v<T, std::monostate>
  = default;
  Parsed(T value) : state_(std::move(value)) {}
  Parsed(ParseError error) : state_(std::move(error)) {}

  bool ok() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  // Preconditions: ok() for value(), !ok() for error().
  const T& value() const& {
    assert(ok());
    return std::get<0>(state_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(state_));
  }
  const std::string& error() const {
    assert(!ok());
    return std::get<1>(state_).message;
  }

 private:
  std::variant<T, ParseError> state_;
};

}  // namespace cio::app
