// File metadata: --preserve for files, links and directories, and the
// directory modes fixed once a tree is copied.
#pragma once

#include <sys/stat.h>

#include <string>

#include "console.hpp"
#include "plan.hpp"

namespace cio::copier {

// Gives the open file `fd` the owner (where permitted: EPERM is ignored and
// then the set-id bits are dropped), mode and timestamps of `source`.
// Returns 0, or the errno of the call that failed.
int preserve_file(int fd, const struct stat& source);
// The same for the symlink at `path` (owner and timestamps; links have no mode).
int preserve_link(const std::string& path, const struct stat& source);

// Sets each directory's final mode (the source's, less the umask unless
// --preserve) and with --preserve its owner and timestamps, children
// before parents so that copying into a directory does not touch its times
// afterwards. Returns the number of errors reported.
size_t finish_directories(const Plan& plan, bool preserve, Console& console);

}  // namespace cio::copier
