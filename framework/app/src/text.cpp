#include "text.hpp"

#include <algorithm>
#include <numeric>

namespace cio::app::detail {
namespace {

// Levenshtein distance with one row of the table.
size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), size_t{0});
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t substitute = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      diagonal = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, substitute});
    }
  }
  return row[b.size()];
}

}  // namespace

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string joined;
  for (const std::string& item : items) {
    if (!joined.empty()) joined += separator;
    joined += item;
  }
  return joined;
}

Parsed<> all_passed(const std::vector<std::string>& errors) {
  if (errors.empty()) return {};
  return ParseError{join(errors, "\n")};
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  // A typo is a couple of edits, a few more in long dotted keys.
  const size_t limit = std::max<size_t>(2, word.size() / 4);
  const std::string* best = nullptr;
  size_t best_distance = limit + 1;
  for (const std::string& candidate : candidates) {
    const size_t distance = edit_distance(word, candidate);
    if (distance < best_distance) {
      best = &candidate;
      best_distance = distance;
    }
  }
  return best == nullptr ? std::string() : " (did you mean '" + *best + "'?)";
}

}  // namespace cio::app::detail
