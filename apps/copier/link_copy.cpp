// Symlinks are copied as links: the link text is read and a new link with
// the same text is made under a temporary name, then renamed into place.
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>

#include <cio/shard/shard.hpp>

#include "metadata.hpp"
#include "planner.hpp"
#include "transfer.hpp"

namespace cio::copier {
namespace {

// Makes the link at `temp`; returns 0 or the errno of the failed call.
int make_link(const FileEntry& entry, const std::string& temp, bool preserve, bool& source_side) {
  std::array<char, PATH_MAX> text{};
  source_side = true;
  const ssize_t length = ::readlink(entry.source.c_str(), text.data(), text.size() - 1);
  if (length < 0) return errno;
  struct stat info {};
  if (preserve && ::lstat(entry.source.c_str(), &info) != 0) return errno;
  source_side = false;
  if (::symlink(text.data(), temp.c_str()) != 0) return errno;
  const int failed = preserve ? preserve_link(temp, info) : 0;
  if (failed == 0 && ::rename(temp.c_str(), entry.destination.c_str()) == 0) return 0;
  const int error = failed != 0 ? failed : errno;
  ::unlink(temp.c_str());
  return error;
}

}  // namespace

void copy_link(Job& job, const Piece& piece) {
  const FileEntry& entry = *piece.entry;
  bool source_side = false;
  const int failed = make_link(entry, job.temp_path(piece), job.options().preserve, source_side);
  if (failed == 0) {
    ShardTally::add(job.tally(this_shard()).files, 1);
  } else if (source_side) {
    job.fail("cannot read link '" + entry.source + "': " + error_text(failed));
  } else {
    job.fail("cannot create link '" + entry.destination + "': " + error_text(failed));
  }
}

}  // namespace cio::copier
