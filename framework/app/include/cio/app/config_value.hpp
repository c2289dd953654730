/// @file
/// ConfigOption: one declared key, its value as text (the form YAML, flags and
/// `--dump-config` share) and the functions moving that text into the typed
/// variable the key is bound to. ConfigSection builds these; see
/// config_schema.hpp.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <cio/core/parsed.hpp>

namespace cio::app {

/// A list key's value as text, item by item.
using TextList = std::vector<std::string>;
/// A map key's value as text: (name, value) entries, in order.
using TextMap = std::vector<std::pair<std::string, std::string>>;
/// A key's value as text: a scalar, a list or a map, in ValueShape's order.
using TextValue = std::variant<std::string, TextList, TextMap>;

/// ConfigOption::type_name of booleans, which are flags on the command line.
inline constexpr std::string_view kBoolTypeName = "BOOL";

/// The alternative of TextValue a key takes.
enum class ValueShape : uint8_t { scalar, list, map };

/// A key's own rule on top of its kind's (type, range): `test` sees the
/// parsed value before the target gets it and returns why it is refused; the
/// message is used as it is, so it should say what is allowed. `allowed` is
/// added to the allowed values `--help` shows ("1..32768, a power of two").
template <typename T>
struct Check {
  std::function<Parsed<>(const T& value)> test;  ///< empty: no rule of its own
  std::string allowed;                           ///< "" adds nothing to `--help`
};

/// One declared key: its name and `--help` text, and how its value moves
/// between text and the variable it is bound to.
struct ConfigOption {
  std::string key;        ///< dotted, e.g. "driver.entries"
  std::string group;      ///< `--help` section, e.g. "Framework options"
  std::string help;       ///< one line
  std::string type_name;  ///< for `--help`: INT, DURATION, TEXT, ...
  std::string allowed;    ///< the accepted values, e.g. "1..32768"; "" for any
  /// The target's value when the key was declared, shown by `--help`; its
  /// alternative is the key's shape().
  TextValue default_value;
  /// Parses `value` (of this option's shape) into the target; map entries are
  /// merged into it. Returns why the value was rejected, naming neither key
  /// nor place (the caller adds both).
  std::function<Parsed<>(const TextValue& value)> assign;
  /// The target's current value.
  std::function<TextValue()> render;

  /// Whether the key takes a single value, a list or a map.
  ValueShape shape() const noexcept { return static_cast<ValueShape>(default_value.index()); }
};

namespace detail {

// Stores a parsed value in the target, or returns why a Check refused it.
template <typename T>
using Setter = std::function<Parsed<>(T value)>;

// The type-specific half of a ConfigOption.
struct Codec {
  std::string type_name;
  std::string allowed;
  std::function<Parsed<>(const TextValue&)> assign;
  std::function<TextValue()> render;
};

struct IntegerRange {
  int64_t min;
  int64_t max;
  bool allow_auto;  // "auto" <-> std::nullopt
};

struct DurationRange {
  std::chrono::microseconds min;
  std::chrono::microseconds max;
  std::chrono::microseconds tick;  // values must be whole multiples
};

Codec bool_codec(Setter<bool> set, std::function<bool()> get);
Codec string_codec(Setter<std::string> set, std::function<std::string()> get);
Codec list_codec(Setter<TextList> set, std::function<TextList()> get);
Codec integer_codec(IntegerRange range, Setter<std::optional<int64_t>> set,
                    std::function<std::optional<int64_t>()> get);
// Throws std::logic_error if range.min is negative or above range.max.
Codec duration_codec(DurationRange range, Setter<std::chrono::microseconds> set,
                     std::function<std::chrono::microseconds()> get);
Codec enum_codec(std::vector<std::string> names, Setter<size_t> set, std::function<size_t()> get);
// `set` stores one entry: its name and the index of its value.
Codec enum_map_codec(std::vector<std::string> names,
                     std::function<Parsed<>(std::string, size_t)> set,
                     std::function<std::vector<std::pair<std::string, size_t>>()> get);

}  // namespace detail
}  // namespace cio::app
