#include <cio/perf/stats.hpp>

#include <algorithm>
#include <cstdio>

namespace cio::perf {

Summary summarize(std::vector<double> values) {
  Summary summary;
  summary.count = values.size();
  if (values.empty()) return summary;
  std::sort(values.begin(), values.end());
  const size_t mid = values.size() / 2;
  summary.median = values.size() % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2.0;
  summary.min = values.front();
  summary.max = values.back();
  return summary;
}

std::string human(double value) {
  struct Scale {
    double factor;
    const char* suffix;
  };
  constexpr Scale kScales[] = {{1e9, "G"}, {1e6, "M"}, {1e3, "k"}};
  char text[32];
  for (const auto& scale : kScales) {
    if (value >= scale.factor) {
      std::snprintf(text, sizeof(text), "%.4g%s", value / scale.factor, scale.suffix);
      return text;
    }
  }
  std::snprintf(text, sizeof(text), "%.4g", value);
  return text;
}

}  // namespace cio::perf
