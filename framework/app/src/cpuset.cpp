#include <cio/app/cpuset.hpp>

#include <algorithm>
#include <charconv>
#include <string>

namespace cio::app {
namespace {

ParseError item_error(std::string_view item, std::string_view why) {
  return {"bad cpuset item '" + std::string(item) + "': " + std::string(why) +
          " (expected ids and ranges like 0-3,6)"};
}

// One id: digits only, at most kMaxCpuId.
Parsed<int> parse_id(std::string_view item, std::string_view digits) {
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string_view::npos) {
    return item_error(item, "not a CPU id");
  }
  int id = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
  if (ec != std::errc{} || id > kMaxCpuId) {
    return item_error(item, "CPU ids go up to " + std::to_string(kMaxCpuId));
  }
  return id;
}

// Appends the ids of one item ("5" or "2-4") to `cpus`.
Parsed<> parse_item(std::string_view item, std::vector<int>& cpus) {
  const size_t dash = item.find('-');
  auto first = parse_id(item, item.substr(0, dash));
  if (!first) return ParseError{first.error()};
  int last = first.value();
  if (dash != std::string_view::npos) {
    auto range_end = parse_id(item, item.substr(dash + 1));
    if (!range_end) return ParseError{range_end.error()};
    last = range_end.value();
    if (last < first.value()) return item_error(item, "range end before its start");
  }
  for (int cpu = first.value(); cpu <= last; ++cpu) cpus.push_back(cpu);
  return {};
}

}  // namespace

Parsed<std::vector<int>> parse_cpuset(std::string_view text) {
  std::vector<int> cpus;
  if (text.empty()) return cpus;
  size_t start = 0;
  while (true) {
    const size_t comma = text.find(',', start);
    auto item = parse_item(text.substr(start, comma - start), cpus);
    if (!item) return ParseError{item.error()};
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  std::sort(cpus.begin(), cpus.end());
  cpus.erase(std::unique(cpus.begin(), cpus.end()), cpus.end());
  return cpus;
}

}  // namespace cio::app
