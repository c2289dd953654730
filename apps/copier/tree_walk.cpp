// Walking a source tree: directories are made in the destination as they
// are reached (parents first), files and symlinks become plan entries,
// other types are skipped with a warning. Symlinks are never followed.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <memory>

#include "planner.hpp"

namespace cio::copier {
namespace {

struct CloseDir {
  void operator()(DIR* dir) const noexcept { ::closedir(dir); }
};

}  // namespace

bool Planner::walk_next() {
  while (!stopped()) {
    if (pending_.empty()) {
      if (next_root_ == roots_.size()) return false;
      pending_.push_back(std::move(roots_[next_root_++]));
    }
    PendingDirectory directory = std::move(pending_.back());
    pending_.pop_back();
    if (make_directory(directory.target, directory.info)) {
      walk(directory.source, directory.target);
      return true;
    }
  }
  return false;
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

void Planner::walk(const std::string& source, const std::string& target) {
  const std::unique_ptr<DIR, CloseDir> dir(::opendir(source.c_str()));
  if (!dir) return error("cannot open directory '" + source + "': " + error_text(errno));
  const auto home = static_cast<uint32_t>(plan_.directories.size());  // made just before
  for (errno = 0; const dirent* entry = ::readdir(dir.get()); errno = 0) {
    const std::string_view name = entry->d_name;
    if (name == "." || name == "..") continue;
    const std::string from = join_path(source, name);
    struct stat info {};
    if (::fstatat(::dirfd(dir.get()), entry->d_name, &info, AT_SYMLINK_NOFOLLOW) != 0) {
      error("cannot stat '" + from + "': " + error_text(errno));
    } else if (S_ISDIR(info.st_mode)) {
      pending_.push_back(PendingDirectory{from, join_path(target, name), info});
    } else if (S_ISREG(info.st_mode) || S_ISLNK(info.st_mode)) {
      add_file(from, join_path(target, name), info, home);
    } else {
      add_special(from);
    }
    if (stopped()) return;
  }
  if (errno != 0) error("cannot read directory '" + source + "': " + error_text(errno));
}

}  // namespace cio::copier
