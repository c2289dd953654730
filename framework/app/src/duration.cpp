#include <cio/app/duration.hpp>

#include <array>
#include <charconv>
#include <cstdint>
#include <limits>

namespace cio::app {
namespace {

struct Unit {
  std::string_view suffix;
  int64_t micros;
};

// Largest first, so format_duration picks the coarsest exact unit.
constexpr std::array<Unit, 5> kUnits{{
    {"h", 3'600'000'000},
    {"m", 60'000'000},
    {"s", 1'000'000},
    {"ms", 1'000},
    {"us", 1},
}};

const Unit* find_unit(std::string_view suffix) {
  for (const Unit& unit : kUnits) {
    if (unit.suffix == suffix) return &unit;
  }
  return nullptr;
}

ParseError duration_error(std::string_view text, std::string_view why) {
  return {"'" + std::string(text) + "' " + std::string(why)};
}

}  // namespace

Parsed<std::chrono::microseconds> parse_duration(std::string_view text) {
  const size_t digits = text.find_first_not_of("0123456789");
  if (digits == 0 || text.empty()) {
    return duration_error(text, "is not a duration (expected e.g. 250ms, 5s, 2m)");
  }
  if (digits == std::string_view::npos) {
    return duration_error(text, "needs a unit (us, ms, s, m or h), e.g. 5s");
  }
  const Unit* unit = find_unit(text.substr(digits));
  if (unit == nullptr) {
    return duration_error(text, "has an unknown unit (use us, ms, s, m or h)");
  }
  int64_t count = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + digits, count);
  if (ec != std::errc{} || count > std::numeric_limits<int64_t>::max() / unit->micros) {
    return duration_error(text, "is too long");
  }
  return std::chrono::microseconds(count * unit->micros);
}

std::string format_duration(std::chrono::microseconds duration) {
  const int64_t micros = duration.count();
  if (micros == 0) return "0s";  // rather than "0h"
  const Unit* unit = &kUnits.back();
  for (const Unit& candidate : kUnits) {
    if (micros % candidate.micros == 0) {
      unit = &candidate;
      break;
    }
  }
  return std::to_string(micros / unit->micros) + std::string(unit->suffix);
}

}  // namespace cio::app
