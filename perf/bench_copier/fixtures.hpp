// The sources the copier benchmark copies, made once per run under one work
// directory: a large file and two trees of small files (one flat directory,
// and the same count spread over many directories). Reading them once puts
// them in the page cache, so runs compare the copiers, not the disk.
#pragma once

#include <cstdint>
#include <string>

namespace cio::bench {

struct Fixtures {
  std::string dir;          // everything below is in here
  std::string big_file;     // `big_bytes` of pseudo-random data
  std::string flat_tree;    // `files` small files in one directory
  std::string spread_tree;  // `files` small files in 100 directories
};

struct FixtureSizes {
  uint64_t big_bytes;
  int files;
};

// Makes the fixtures in a new directory under `base`.
Fixtures make_fixtures(const std::string& base, const FixtureSizes& sizes);
// Reads every source file once (into the page cache).
void warm(const Fixtures& fixtures);
// Removes the work directory and everything in it.
void remove_fixtures(const Fixtures& fixtures);

}  // namespace cio::bench
