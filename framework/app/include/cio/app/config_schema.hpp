/// @file
/// ConfigSchema: the keys a program accepts in its YAML file and as flags,
/// each bound to the typed variable it fills. The framework declares its keys
/// (declare_framework_config) and each app declares its own section:
///
///   EchoOptions echo;  // fields hold the defaults
///   schema.section("echo", "Echo server options")
///       .add_integer("port", echo.port, 0, 65535, "TCP port")
///       .add_duration("idle_timeout", echo.idle_timeout, 1s, 1h, "Close idle connections");
///   schema.add_rule({"echo.port"}, [&echo]() -> Parsed<> { ... });  // across keys
#pragma once

#include <algorithm>
#include <chrono>
#include <concepts>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <cio/app/config_value.hpp>

namespace cio::app {

/// The values an enum key accepts: each name with its value, in the order
/// `--help` lists them.
template <typename E>
using Choices = std::vector<std::pair<std::string, E>>;

class ConfigSection;

/// The declared keys, in declaration order (the order of `--help` and
/// `--dump-config`). Targets are referenced, not copied: they must outlive every
/// use of the schema. Not thread-safe: declare and parse on one thread.
class ConfigSchema {
 public:
  /// A handle declaring keys `PREFIX.NAME` (`NAME` for an empty prefix),
  /// listed under `group` in `--help`.
  ConfigSection section(std::string prefix, std::string group);
  /// Adds `option`. Throws std::logic_error if its key is taken, or is a
  /// dotted prefix of another key or has one as its prefix.
  void add(ConfigOption option);

  /// Every declared key, in declaration order.
  const std::vector<ConfigOption>& options() const noexcept { return options_; }
  /// The option named `key`, or nullptr.
  const ConfigOption* find(std::string_view key) const noexcept;
  /// True if some key starts with `key` and a dot (a level of nesting in YAML).
  bool is_section(std::string_view key) const noexcept;

  /// A rule across keys (say, one may not exceed another), run by
  /// check_rules once the file and the flags are read. `test` reads the
  /// targets and returns why their combination is refused, naming the other
  /// keys; the error is reported at the first of `keys` that was set. Throws
  /// std::logic_error if one of `keys` is not declared (yet).
  void add_rule(std::vector<std::string> keys, std::function<Parsed<>()> test);
  /// Notes where `key` got its value: `place` is `file:line:column: KEY`
  /// (or the map entry) for a file, `--KEY` for a flag. The last call wins.
  void note_origin(std::string_view key, std::string place);
  /// Runs every rule: one line per broken rule, `PLACE: MESSAGE` where
  /// PLACE is the one noted for the first of its keys that was set (just the
  /// first key when all are defaults).
  Parsed<> check_rules() const;

 private:
  struct Rule {
    std::vector<std::string> keys;
    std::function<Parsed<>()> test;
  };

  std::string place_of(const Rule& rule) const;

  std::vector<ConfigOption> options_;
  std::vector<Rule> rules_;
  std::map<std::string, std::string, std::less<>> origins_;
};

/// Declares the keys of one section. Each add_* binds `PREFIX.NAME` to
/// `target`, whose value at that moment becomes the default, and returns
/// *this; `help` is the key's one line in `--help`, and the optional `check`
/// adds a rule of the key's own (see Check). They throw std::logic_error for
/// a taken key or a bad declaration (min > max, a bound the target cannot
/// hold, a default the key refuses).
class ConfigSection {
 public:
  /// Usually made by ConfigSchema::section; `schema` must outlive it.
  ConfigSection(ConfigSchema& schema, std::string prefix, std::string group);

  /// A boolean: true, false, yes, no, on or off; a bare `--KEY` flag means true.
  ConfigSection& add_bool(std::string_view name, bool& target, std::string help,
                          Check<bool> check = {});
  /// Any text, the empty string included.
  ConfigSection& add_string(std::string_view name, std::string& target, std::string help,
                            Check<std::string> check = {});
  /// A list of texts: a YAML list, or the flag's values (`--KEY ''` for none).
  ConfigSection& add_list(std::string_view name, std::vector<std::string>& target, std::string help,
                          Check<std::vector<std::string>> check = {});

  /// An integer in min..max (decimal digits, an optional minus sign). min
  /// and max are any integers the target's type can hold:
  /// add_integer("port", port, 0, 65535, ...) for a uint16_t port.
  template <std::integral T>
  ConfigSection& add_integer(std::string_view name, T& target, std::integral auto min,
                             std::integral auto max, std::string help, Check<T> check = {}) {
    return add(name,
               detail::integer_codec(
                   integer_range<T>(min, max, false),
                   [&target, check](std::optional<int64_t> value) {
                     return store(target, check, static_cast<T>(*value));
                   },
                   [&target] { return std::optional<int64_t>(target); }),
               std::move(help), check.allowed);
  }

  /// The same, also accepting "auto", stored as std::nullopt.
  template <std::integral T>
  ConfigSection& add_integer(std::string_view name, std::optional<T>& target,
                             std::integral auto min, std::integral auto max, std::string help,
                             Check<std::optional<T>> check = {}) {
    return add(name,
               detail::integer_codec(
                   integer_range<T>(min, max, true),
                   [&target, check](std::optional<int64_t> value) {
                     return store(target, check,
                                  value ? std::optional<T>(static_cast<T>(*value)) : std::nullopt);
                   },
                   [&target] { return target ? std::optional<int64_t>(*target) : std::nullopt; }),
               std::move(help), check.allowed);
  }

  /// A duration with a unit, in min..max (see parse_duration). Values finer
  /// than the target's tick are rejected (250us, for a milliseconds target).
  /// The bounds are any durations the target converts from without loss (0s
  /// and 24h for a milliseconds target); a negative min throws
  /// std::logic_error.
  template <typename Rep, typename Period>
  ConfigSection& add_duration(std::string_view name, std::chrono::duration<Rep, Period>& target,
                              std::type_identity_t<std::chrono::duration<Rep, Period>> min,
                              std::type_identity_t<std::chrono::duration<Rep, Period>> max,
                              std::string help,
                              Check<std::chrono::duration<Rep, Period>> check = {}) {
    using Target = std::chrono::duration<Rep, Period>;
    using std::chrono::microseconds;
    const auto micros = [](Target value) {
      return std::chrono::duration_cast<microseconds>(value);
    };
    const detail::DurationRange range{micros(min), micros(max),
                                      std::max(micros(Target(1)), microseconds(1))};
    return add(name,
               detail::duration_codec(
                   range,
                   [&target, check](microseconds value) {
                     return store(target, check, std::chrono::duration_cast<Target>(value));
                   },
                   [&target, micros] { return micros(target); }),
               std::move(help), check.allowed);
  }

  /// One of `choices` by name, as in {{"auto", BackendKind::automatic}, ...}.
  /// The target's value must be among them (else std::logic_error).
  template <std::equality_comparable E>
  ConfigSection& add_enum(std::string_view name, E& target, Choices<E> choices, std::string help,
                          Check<E> check = {}) {
    auto names = choice_names(choices);
    return add(name,
               detail::enum_codec(
                   std::move(names),
                   [&target, choices, check](size_t index) {
                     return store(target, check, choices[index].second);
                   },
                   [&target, choices] { return choice_index(choices, target); }),
               std::move(help), check.allowed);
  }

  /// A map from free-form names to one of `choices` each. Input entries are
  /// merged into the map (a flag overrides one entry of the file's map);
  /// `check` sees each entry before it is merged.
  template <std::equality_comparable E>
  ConfigSection& add_enum_map(std::string_view name, std::map<std::string, E, std::less<>>& target,
                              Choices<E> choices, std::string help,
                              Check<std::pair<std::string, E>> check = {}) {
    auto names = choice_names(choices);
    return add(name,
               detail::enum_map_codec(
                   std::move(names),
                   [&target, choices, check](std::string entry, size_t index) -> Parsed<> {
                     std::pair<std::string, E> checked(std::move(entry), choices[index].second);
                     if (check.test) {
                       auto accepted = check.test(checked);
                       if (!accepted) return accepted;
                     }
                     target.insert_or_assign(std::move(checked.first), checked.second);
                     return {};
                   },
                   [&target, choices] {
                     std::vector<std::pair<std::string, size_t>> entries;
                     for (const auto& [entry, value] : target) {
                       entries.emplace_back(entry, choice_index(choices, value));
                     }
                     return entries;
                   }),
               std::move(help), check.allowed);
  }

 private:
  ConfigSection& add(std::string_view name, detail::Codec codec, std::string help,
                     const std::string& check_allowed);

  // Runs the check, then stores `value` in `target`.
  template <typename T>
  static Parsed<> store(T& target, const Check<T>& check, T value) {
    if (check.test) {
      auto accepted = check.test(value);
      if (!accepted) return accepted;
    }
    target = std::move(value);
    return {};
  }

  // Throws std::logic_error unless T (and int64_t) can hold both bounds and
  // min <= max.
  template <std::integral T>
  static detail::IntegerRange integer_range(std::integral auto min, std::integral auto max,
                                            bool allow_auto) {
    if (!std::in_range<T>(min) || !std::in_range<T>(max) || !std::in_range<int64_t>(min) ||
        !std::in_range<int64_t>(max) || std::cmp_greater(min, max)) {
      throw std::logic_error("config: bad integer range");
    }
    return {static_cast<int64_t>(min), static_cast<int64_t>(max), allow_auto};
  }

  template <typename E>
  static std::vector<std::string> choice_names(const Choices<E>& choices) {
    std::vector<std::string> names;
    for (const auto& choice : choices) names.push_back(choice.first);
    return names;
  }

  // Throws std::logic_error if `value` is not among the choices.
  template <typename E>
  static size_t choice_index(const Choices<E>& choices, const E& value) {
    for (size_t i = 0; i < choices.size(); ++i) {
      if (choices[i].second == value) return i;
    }
    throw std::logic_error("config: value is not among the declared choices");
  }

  ConfigSchema* schema_;
  std::string prefix_;
  std::string group_;
};

}  // namespace cio::app
