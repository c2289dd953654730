#include "unnamed_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace cio::copier {

// Kernels before 6.10 allow AT_EMPTY_PATH only with CAP_DAC_READ_SEARCH
// (ENOENT without); /proc/self/fd works for all.
int link_open_file(int fd, const std::string& path) {
  if (::linkat(fd, "", AT_FDCWD, path.c_str(), AT_EMPTY_PATH) == 0) return 0;
  if (errno != ENOENT) return errno;
  const std::string self = "/proc/self/fd/" + std::to_string(fd);
  return ::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, path.c_str(), AT_SYMLINK_FOLLOW) == 0 ? 0
                                                                                          : errno;
}

bool lacks_unnamed_files(std::error_code error) noexcept {
  // EISDIR: a kernel older than O_TMPFILE took the directory as the file.
  return error == std::errc::operation_not_supported || error == std::errc::is_a_directory;
}

}  // namespace cio::copier
