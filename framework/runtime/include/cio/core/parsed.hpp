/// @file
/// Parsed<T>: a value, or the message saying why the input or request was
/// rejected (one line per problem). Config parsing and start-up planning (the
/// shards' CPUs) report to people, not to code: the error names a file,
/// line, key and the allowed values, and no caller branches on its kind, so
/// it is text rather than cio::Result's error_code and failed call (which
/// would need a category whose one code means "read the message"). Such
/// checks return Parsed; whatever touches the kernel returns Result (see
/// docs/architecture.md, layer 3).
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace cio {

/// Why an input or request was rejected, for a person to read.
struct ParseError {
  std::string message;  ///< One line per problem, naming where and what was allowed.
};

/// A T, or the ParseError that explains why there is none. Parsed<> (T =
/// std::monostate) is a plain success-or-message.
template <typename T = std::monostate>
class [[nodiscard]] Parsed {
 public:
  /// Success for Parsed<> (nothing to carry).
  Parsed() requires std::is_same_v<T, std::monostate>
  = default;
  /// Success carrying `value` (implicit, so a function can return the value).
  Parsed(T value) : state_(std::move(value)) {}
  /// Failure (implicit, so a function can `return ParseError{"..."}`).
  Parsed(ParseError error) : state_(std::move(error)) {}

  /// True when it holds a value.
  bool ok() const noexcept { return state_.index() == 0; }
  /// Same as ok().
  explicit operator bool() const noexcept { return ok(); }

  /// Preconditions: ok() for value(), !ok() for error().
  const T& value() const& {
    assert(ok());
    return std::get<0>(state_);
  }
  /// The value, moved out of a temporary Parsed (precondition: ok()).
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(state_));
  }
  /// The message (precondition: !ok()).
  const std::string& error() const {
    assert(!ok());
    return std::get<1>(state_).message;
  }

 private:
  std::variant<T, ParseError> state_;
};

}  // namespace cio
