// The text <-> typed value conversions behind ConfigSection::add_*.
#include <charconv>
#include <stdexcept>
#include <utility>

#include <cio/app/config_value.hpp>
#include <cio/app/duration.hpp>

#include "text.hpp"

namespace cio::app::detail {
namespace {

ParseError rejected(std::string_view text, std::string_view why, std::string_view allowed) {
  return {"'" + std::string(text) + "' " + std::string(why) + " (allowed " + std::string(allowed) +
          ")"};
}

ParseError out_of_range(std::string_view text, std::string_view allowed) {
  return {std::string(text) + " is out of range (allowed " + std::string(allowed) + ")"};
}

const std::string& scalar(const TextValue& value) { return std::get<std::string>(value); }

Parsed<bool> parse_bool(std::string_view text) {
  if (text == "true" || text == "yes" || text == "on") return true;
  if (text == "false" || text == "no" || text == "off") return false;
  return rejected(text, "is not a boolean", "true|false");
}

Parsed<std::optional<int64_t>> parse_integer(std::string_view text, const IntegerRange& range,
                                             std::string_view allowed) {
  if (range.allow_auto && text == "auto") return std::optional<int64_t>();
  int64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec == std::errc::invalid_argument || stop != end) {
    return rejected(text, "is not an integer", allowed);
  }
  if (ec == std::errc::result_out_of_range || value < range.min || value > range.max) {
    return out_of_range(text, allowed);
  }
  return std::optional<int64_t>(value);
}

Parsed<size_t> find_choice(const std::vector<std::string>& names, std::string_view text,
                           std::string_view allowed) {
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == text) return i;
  }
  return rejected(text, "is not a valid value", allowed);
}

}  // namespace

Codec bool_codec(Setter<bool> set, std::function<bool()> get) {
  auto assign = [set = std::move(set)](const TextValue& value) -> Parsed<> {
    auto parsed = parse_bool(scalar(value));
    if (!parsed) return ParseError{parsed.error()};
    return set(parsed.value());
  };
  auto render = [get = std::move(get)]() -> TextValue { return get() ? "true" : "false"; };
  return {std::string(kBoolTypeName), "true|false", std::move(assign), std::move(render)};
}

Codec string_codec(Setter<std::string> set, std::function<std::string()> get) {
  auto assign = [set = std::move(set)](const TextValue& value) { return set(scalar(value)); };
  auto render = [get = std::move(get)]() -> TextValue { return get(); };
  return {"TEXT", "", std::move(assign), std::move(render)};
}

Codec list_codec(Setter<TextList> set, std::function<TextList()> get) {
  auto assign = [set = std::move(set)](const TextValue& value) {
    return set(std::get<TextList>(value));
  };
  auto render = [get = std::move(get)]() -> TextValue { return get(); };
  return {"TEXT", "", std::move(assign), std::move(render)};
}

Codec integer_codec(IntegerRange range, Setter<std::optional<int64_t>> set,
                    std::function<std::optional<int64_t>()> get) {
  std::string allowed = std::to_string(range.min) + ".." + std::to_string(range.max);
  if (range.allow_auto) allowed = "auto or " + allowed;
  auto assign = [range, allowed, set = std::move(set)](const TextValue& value) -> Parsed<> {
    auto parsed = parse_integer(scalar(value), range, allowed);
    if (!parsed) return ParseError{parsed.error()};
    return set(parsed.value());
  };
  auto render = [get = std::move(get)]() -> TextValue {
    const std::optional<int64_t> value = get();
    return value ? std::to_string(*value) : "auto";
  };
  return {"INT", std::move(allowed), std::move(assign), std::move(render)};
}

Codec duration_codec(DurationRange range, Setter<std::chrono::microseconds> set,
                     std::function<std::chrono::microseconds()> get) {
  if (range.min.count() < 0 || range.min > range.max) {
    throw std::logic_error("config: bad duration range");
  }
  std::string allowed = format_duration(range.min) + ".." + format_duration(range.max);
  auto assign = [range, allowed, set = std::move(set)](const TextValue& value) -> Parsed<> {
    const std::string& text = scalar(value);
    auto parsed = parse_duration(text);
    if (!parsed) return ParseError{parsed.error() + " (allowed " + allowed + ")"};
    if (parsed.value() < range.min || parsed.value() > range.max) {
      return out_of_range(text, allowed);
    }
    if (parsed.value() % range.tick != std::chrono::microseconds(0)) {
      return ParseError{text + " is finer than the " + format_duration(range.tick) +
                        " resolution of this key"};
    }
    return set(parsed.value());
  };
  auto render = [get = std::move(get)]() -> TextValue { return format_duration(get()); };
  return {"DURATION", std::move(allowed), std::move(assign), std::move(render)};
}

Codec enum_codec(std::vector<std::string> names, Setter<size_t> set, std::function<size_t()> get) {
  std::string allowed = join(names, "|");
  auto assign = [names, allowed, set = std::move(set)](const TextValue& value) -> Parsed<> {
    auto index = find_choice(names, scalar(value), allowed);
    if (!index) return ParseError{index.error()};
    return set(index.value());
  };
  auto render = [names, get = std::move(get)]() -> TextValue { return names[get()]; };
  return {"ENUM", std::move(allowed), std::move(assign), std::move(render)};
}

Codec enum_map_codec(std::vector<std::string> names,
                     std::function<Parsed<>(std::string, size_t)> set,
                     std::function<std::vector<std::pair<std::string, size_t>>()> get) {
  std::string allowed = join(names, "|");
  auto assign = [names, allowed, set = std::move(set)](const TextValue& value) -> Parsed<> {
    for (const auto& [entry, text] : std::get<TextMap>(value)) {
      if (entry.empty()) return ParseError{"an entry has an empty name"};
      auto index = find_choice(names, text, allowed);
      if (!index) return ParseError{index.error()};
      auto stored = set(entry, index.value());
      if (!stored) return stored;
    }
    return {};
  };
  auto render = [names, get = std::move(get)]() -> TextValue {
    TextMap entries;
    for (const auto& [entry, index] : get()) entries.emplace_back(entry, names[index]);
    return entries;
  };
  return {"NAME=VALUE", std::move(allowed), std::move(assign), std::move(render)};
}

}  // namespace cio::app::detail
