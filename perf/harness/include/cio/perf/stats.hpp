// Median and spread of a set of repetitions.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace cio::perf {

struct Summary {
  double median = 0.0;
  double min = 0.0;
  double max = 0.0;
  size_t count = 0;
};

// Median (mean of the middle two for an even count), min and max; all zero
// for an empty set.
Summary summarize(std::vector<double> values);

// A rate or count in a short human form: 950, 12.3k, 4.56M, 1.20G.
std::string human(double value);

}  // namespace cio::perf
