// Plan: what one run copies, worked out on shard 0 before any copying
// starts. The operands are resolved with cp's rules, trees are walked, and
// the destination's directories are made as the walk reaches them (files
// need them to exist). Every problem found is reported on the console.
#pragma once

#include <sys/stat.h>

#include <cstddef>
#include <cstdint>
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
  // Files of different directories alternate, so that the files in flight
  // at once do not all create entries in the same directory.
  std::vector<FileEntry> files;
  std::vector<DirectoryEntry> directories;  // parents before children
  uint64_t bytes = 0;
  size_t skipped = 0;  // neither file, directory nor symlink
  size_t errors = 0;   // already reported
};

// Resolves `operands` (SRC... DST) with cp's meaning and walks the trees.
// Without options.keep_going it stops at the first error.
Plan build_plan(const std::vector<std::string>& operands, const CopyOptions& options,
                Console& console);

}  // namespace cio::copier
