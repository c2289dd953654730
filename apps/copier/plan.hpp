// Plan: what one run copies, worked out on shard 0. The operands are
// resolved with cp's rules before any copying starts; the trees are walked
// while the shards copy what the walk has found so far (see Planner), and
// the destination's directories are made as the walk reaches them (files
// need them to exist). Every problem found is reported on the console.
#pragma once

#include <sys/stat.h>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "console.hpp"
#include "options.hpp"

namespace cio::copier {

// A regular file or a symlink, copied by a shard.
struct FileEntry {
  enum class Kind : uint8_t { file, link };
  std::string source;
  std::string destination;
  uint64_t size = 0;  // when planned: for the totals and for splitting
  mode_t mode = 0;    // the source's permission bits
  Kind kind = Kind::file;
  // Files with the same key are given to the same shard first (see Job):
  // the files of one source directory, or each file named on the command line.
  uint32_t home = 0;
};

// A destination directory; its mode and times are fixed after the copy.
struct DirectoryEntry {
  std::string destination;
  struct stat source {};
  bool created = false;  // by this run (else it existed)
};

struct Plan {
  // In the order found. A deque: the walk appends while other shards read
  // the entries already published (appending moves none).
  std::deque<FileEntry> files;
  std::vector<DirectoryEntry> directories;  // parents before children
  uint64_t bytes = 0;
  size_t skipped = 0;  // neither file, directory nor symlink
  size_t errors = 0;   // already reported
};

}  // namespace cio::copier
