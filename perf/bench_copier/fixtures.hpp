// The sources the copier benchmark copies, made once per run under one work
// directory: a large file and two trees (many 4 KiB files, fewer 256 KiB
// files), each tree spread over 20 directories. Reading a source before a
// copy keeps it in the page cache, so runs compare the copiers, not the disk.
#pragma once

#include <cstdint>
#include <string>

namespace cio::bench {

inline constexpr int kTreeDirectories = 20;
inline constexpr uint64_t kSmallFile = 4096;
inline constexpr uint64_t kMediumFile = 256 * 1024;

struct Fixtures {
  std::string dir;          // everything below is in here
  std::string big_file;     // `big_bytes` of pseudo-random data
  std::string small_tree;   // `small_files` files of 4 KiB
  std::string medium_tree;  // `medium_files` files of 256 KiB
};

struct FixtureSizes {
  uint64_t big_bytes;
  int small_files;
  int medium_files;
};

// Makes the fixtures in a new directory under `base`.
Fixtures make_fixtures(const std::string& base, const FixtureSizes& sizes);
// Reads `path` (a file, or every file of a tree) into the page cache.
void warm(const std::string& path);
// Removes the work directory and everything in it.
void remove_fixtures(const Fixtures& fixtures);

}  // namespace cio::bench
