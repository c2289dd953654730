// Walking a source tree: directories are made in the destination as they
// are reached (parents first), files and symlinks become plan entries,
// other types are skipped with a warning. Symlinks are never followed.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>

#include "planner.hpp"

namespace cio::copier {
namespace {

// Entries per step: the shards get a large directory's files in batches
// while the rest of it is read.
constexpr int kEntriesPerStep = 256;

}  // namespace

bool Planner::walk_next() {
  while (!stopped()) {
    if (reading_.stream) {
      read_entries();
      return true;
    }
    if (pending_.empty()) {
      if (next_root_ == roots_.size()) return false;
      pending_.push_back(std::move(roots_[next_root_++]));
    }
    const PendingDirectory directory = std::move(pending_.back());
    pending_.pop_back();
    if (open_directory(directory)) {
      read_entries();
      return true;
    }
  }
  return false;
}

bool Planner::open_directory(const PendingDirectory& directory) {
  if (!make_directory(directory.target, directory.info)) return false;
  reading_.stream.reset(::opendir(directory.source.c_str()));
  if (!reading_.stream) {
    error("cannot open directory '" + directory.source + "': " + error_text(errno));
    return false;
  }
  reading_.source = directory.source;
  reading_.target = directory.target;
  reading_.home = static_cast<uint32_t>(plan_.directories.size());  // made just before
  return true;
}

bool Planner::make_directory(const std::string& target, const struct stat& info) {
  // The owner may write into it while the copy runs; the wanted mode is set
  // when the copy is done.
  const mode_t mode = (info.st_mode & 07777) | S_IRWXU;
  const bool created = ::mkdir(target.c_str(), mode) == 0;
  if (!created) {
    const int failure = errno;
    struct stat existing {};
    const bool directory = ::stat(target.c_str(), &existing) == 0 && S_ISDIR(existing.st_mode);
    if (failure != EEXIST || !directory) {
      error("cannot create directory '" + target +
            "': " + error_text(failure == EEXIST ? ENOTDIR : failure));
      return false;
    }
  }
  plan_.directories.push_back(DirectoryEntry{target, info, created});
  return true;
}

void Planner::read_entries() {
  DIR* const dir = reading_.stream.get();
  const std::string& source = reading_.source;
  int count = 0;
  for (errno = 0; count < kEntriesPerStep && !stopped(); errno = 0) {
    const dirent* entry = ::readdir(dir);
    if (entry == nullptr) break;
    const std::string_view name = entry->d_name;
    if (name == "." || name == "..") continue;
    ++count;
    const std::string from = join_path(source, name);
    struct stat info {};
    if (::fstatat(::dirfd(dir), entry->d_name, &info, AT_SYMLINK_NOFOLLOW) != 0) {
      error("cannot stat '" + from + "': " + error_text(errno));
    } else if (S_ISDIR(info.st_mode)) {
      pending_.push_back(PendingDirectory{from, join_path(reading_.target, name), info});
    } else if (S_ISREG(info.st_mode) || S_ISLNK(info.st_mode)) {
      add_file(from, join_path(reading_.target, name), info, reading_.home);
    } else {
      add_special(from);
    }
  }
  if (count == kEntriesPerStep && !stopped()) return;  // more next step
  if (errno != 0) error("cannot read directory '" + source + "': " + error_text(errno));
  reading_.stream.reset();
}

}  // namespace cio::copier
