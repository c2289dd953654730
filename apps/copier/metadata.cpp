#include "metadata.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "planner.hpp"

namespace cio::copier {
namespace {

// The process's umask, read without changing it (umask(2) would, for a
// moment, for every thread).
mode_t current_umask() {
  mode_t mask = 022;
  if (FILE* status = std::fopen("/proc/self/status", "re")) {
    char line[256];
    while (std::fgets(line, sizeof line, status) != nullptr) {
      unsigned value = 0;
      if (std::sscanf(line, "Umask: %o", &value) == 1) mask = static_cast<mode_t>(value);
    }
    std::fclose(status);
  }
  return mask;
}

// Owner first: chown clears set-id bits, which chmod then restores.
int preserve_owner_and_mode(int fd, const struct stat& source) {
  mode_t mode = source.st_mode & 07777;
  if (::fchown(fd, source.st_uid, source.st_gid) != 0) {
    if (errno != EPERM) return errno;
    mode &= ~static_cast<mode_t>(S_ISUID | S_ISGID);
  }
  return ::fchmod(fd, mode) == 0 ? 0 : errno;
}

}  // namespace

int preserve_file(int fd, const struct stat& source) {
  if (const int failed = preserve_owner_and_mode(fd, source); failed != 0) return failed;
  const struct timespec times[2] = {source.st_atim, source.st_mtim};
  return ::futimens(fd, times) == 0 ? 0 : errno;
}

int preserve_link(const std::string& path, const struct stat& source) {
  if (::lchown(path.c_str(), source.st_uid, source.st_gid) != 0 && errno != EPERM) return errno;
  const struct timespec times[2] = {source.st_atim, source.st_mtim};
  return ::utimensat(AT_FDCWD, path.c_str(), times, AT_SYMLINK_NOFOLLOW) == 0 ? 0 : errno;
}

size_t finish_directories(const Plan& plan, bool preserve, Console& console) {
  const mode_t mask = preserve ? 0 : current_umask();
  size_t errors = 0;
  for (auto dir = plan.directories.rbegin(); dir != plan.directories.rend(); ++dir) {
    if (!dir->created && !preserve) continue;
    int failed = 0;
    if (preserve) {
      const int fd = ::open(dir->destination.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      failed = fd < 0 ? errno : preserve_file(fd, dir->source);
      if (fd >= 0) ::close(fd);
    } else if (::chmod(dir->destination.c_str(), dir->source.st_mode & 07777 & ~mask) != 0) {
      failed = errno;
    }
    if (failed == 0) continue;
    console.error("cannot set the attributes of '" + dir->destination + "': " + error_text(failed));
    ++errors;
  }
  return errors;
}

}  // namespace cio::copier
