// ConfigSchema: the keys a program accepts in its YAML file and as flags,
// each bound to the typed variable it fills. The framework declares its keys
// (declare_framework_config) and each app declares its own section:
//
//   EchoOptions echo;  // fields hold the defaults
//   schema.section("echo", "Echo server options")
//       .add_integer("port", echo.port, uint16_t{0}, uint16_t{65535}, "TCP port")
//       .add_duration("idle_timeout", echo.idle_timeout, 1s, 1h, "Close idle connections");
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
#include <utility>
#include <vector>

#include <cio/app/config_value.hpp>

namespace cio::app {

template <typename E>
using Choices = std::vector<std::pair<std::string, E>>;

class ConfigSection;
class ConfigSchema;

// What a rule across keys found wrong: the key to blame and why.
struct KeyProblem {
  std::string key;
  std::string message;
};

// A rule across keys (e.g. log.output file needs log.file): nullopt when it
// holds.
using ConfigRule = std::function<std::optional<KeyProblem>(const ConfigSchema& schema)>;

// The declared keys, in declaration order (the order of --help and
// --dump-config). Targets are referenced, not copied: they must outlive every
// use of the schema.
class ConfigSchema {
 public:
  // A handle declaring keys "<prefix>.<name>" ("<name>" for an empty prefix),
  // listed under `group` in --help.
  ConfigSection section(std::string prefix, std::string group);
  // Adds `option`. Throws std::logic_error if its key is taken, or is a
  // dotted prefix of another key or has one as its prefix.
  void add(ConfigOption option);

  const std::vector<ConfigOption>& options() const noexcept { return options_; }
  // The option named `key`, or nullptr.
  const ConfigOption* find(std::string_view key) const noexcept;
  // True if some key starts with "<key>." (a level of nesting in YAML).
  bool is_section(std::string_view key) const noexcept;

  // Adds a rule that check() enforces.
  void add_rule(ConfigRule rule);
  // Records where `key` got its value, as errors name it: "echo.yaml:3:5:
  // log.file" or "--log.file". The readers of the file and the flags call it.
  void set_source(const std::string& key, std::string where);
  // Where `key` got its value; "" while it has its default.
  std::string source(const std::string& key) const;
  // Runs the rules once the file and the flags are read; the first broken
  // one becomes "<where the key was set>: <message>" ("<key>: <message>"
  // for a default).
  Parsed<> check() const;

 private:
  std::vector<ConfigOption> options_;
  std::vector<ConfigRule> rules_;
  std::map<std::string, std::string, std::less<>> sources_;
};

// Declares the keys of one section. Each add_* binds "<prefix>.<name>" to
// `target`, whose value at that moment becomes the default, and returns
// *this. They throw std::logic_error for a taken key or a bad declaration
// (min > max, a default outside the allowed values).
class ConfigSection {
 public:
  ConfigSection(ConfigSchema& schema, std::string prefix, std::string group);

  ConfigSection& add_bool(std::string_view name, bool& target, std::string help);
  // `check` (optional) vets the text; `allowed` describes what it accepts.
  ConfigSection& add_string(std::string_view name, std::string& target, std::string help,
                            StringCheck check = {}, std::string allowed = {});
  ConfigSection& add_list(std::string_view name, std::vector<std::string>& target,
                          std::string help);

  template <std::integral T>
  ConfigSection& add_integer(std::string_view name, T& target, T min, T max, std::string help) {
    return add(name,
               detail::integer_codec(
                   integer_range(min, max, false),
                   [&target](std::optional<int64_t> value) { target = static_cast<T>(*value); },
                   [&target] { return std::optional<int64_t>(target); }),
               std::move(help));
  }

  // The same, also accepting "auto", stored as std::nullopt.
  template <std::integral T>
  ConfigSection& add_integer(std::string_view name, std::optional<T>& target, T min, T max,
                             std::string help) {
    return add(name,
               detail::integer_codec(
                   integer_range(min, max, true),
                   [&target](std::optional<int64_t> value) {
                     target = value ? std::optional<T>(static_cast<T>(*value)) : std::nullopt;
                   },
                   [&target] { return target ? std::optional<int64_t>(*target) : std::nullopt; }),
               std::move(help));
  }

  // Values finer than the target's tick (250us for milliseconds) are rejected.
  template <typename Rep, typename Period>
  ConfigSection& add_duration(std::string_view name, std::chrono::duration<Rep, Period>& target,
                              std::chrono::duration<Rep, Period> min,
                              std::chrono::duration<Rep, Period> max, std::string help) {
    using Target = std::chrono::duration<Rep, Period>;
    using std::chrono::microseconds;
    const auto micros = [](Target value) {
      return std::chrono::duration_cast<microseconds>(value);
    };
    const detail::DurationRange range{micros(min), micros(max),
                                      std::max(micros(Target(1)), microseconds(1))};
    return add(
        name,
        detail::duration_codec(
            range,
            [&target](microseconds value) { target = std::chrono::duration_cast<Target>(value); },
            [&target, micros] { return micros(target); }),
        std::move(help));
  }

  // One of `choices` by name, e.g. {{"auto", Backend::automatic}, ...}.
  template <std::equality_comparable E>
  ConfigSection& add_enum(std::string_view name, E& target, Choices<E> choices, std::string help) {
    auto names = choice_names(choices);
    return add(
        name,
        detail::enum_codec(
            std::move(names), [&target, choices](size_t index) { target = choices[index].second; },
            [&target, choices] { return choice_index(choices, target); }),
        std::move(help));
  }

  // A map from names to one of `choices` each. Input entries are merged
  // into the map (a flag overrides one entry of the file's map).
  // `check_name` (optional) vets each entry's name.
  template <std::equality_comparable E>
  ConfigSection& add_enum_map(std::string_view name, std::map<std::string, E, std::less<>>& target,
                              Choices<E> choices, std::string help, StringCheck check_name = {}) {
    auto names = choice_names(choices);
    return add(name,
               detail::enum_map_codec(
                   std::move(names), std::move(check_name),
                   [&target, choices](std::string entry, size_t index) {
                     target.insert_or_assign(std::move(entry), choices[index].second);
                   },
                   [&target, choices] {
                     std::vector<std::pair<std::string, size_t>> entries;
                     for (const auto& [entry, value] : target) {
                       entries.emplace_back(entry, choice_index(choices, value));
                     }
                     return entries;
                   }),
               std::move(help));
  }

 private:
  ConfigSection& add(std::string_view name, detail::Codec codec, std::string help);

  template <std::integral T>
  static detail::IntegerRange integer_range(T min, T max, bool allow_auto) {
    if (!std::in_range<int64_t>(min) || !std::in_range<int64_t>(max) || min > max) {
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
