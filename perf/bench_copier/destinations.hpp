// Where each repetition's copies go: a fresh path per copy, and nothing
// deleted between timed runs (on ext4, creating files right after a mass
// delete is many times slower for minutes, which would measure the
// filesystem). Only when the disk has no room for every copy of a case does
// each side reuse one path, deleted right before its next copy: for one
// large file that costs little, and it is the only way to fit.
#pragma once

#include <cstdint>
#include <string>

namespace cio::bench {

class Destinations {
 public:
  // Copies of `bytes` each go under `dir`; `reps` pairs are wanted, and up
  // to as many again to replace disturbed ones, as far as the disk allows.
  Destinations(std::string dir, uint64_t bytes, int reps);

  bool fresh() const noexcept { return fresh_; }
  int max_pairs() const noexcept { return max_pairs_; }
  // The destination of `side`'s copy in pair `pair` (does not exist yet).
  std::string next(const char* side, int pair) const;

 private:
  std::string dir_;
  bool fresh_ = true;
  int max_pairs_ = 0;
};

}  // namespace cio::bench
