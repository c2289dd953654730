// Unnamed temporaries (O_TMPFILE): a whole file is written into an inode
// with no name in the destination's directory and linked into place when
// it is complete. Compared with a named temporary renamed over the
// destination, that saves a directory insert and delete per file (a third
// of the kernel's work for a tree of 4 KiB files) and leaves nothing behind
// if the process dies. Where the destination exists, the file is linked
// as the named temporary and renamed over it, to replace it at once.
#pragma once

#include <string>
#include <system_error>

namespace cio::copier {

// True for the errors of a filesystem (or kernel) without O_TMPFILE.
bool lacks_unnamed_files(std::error_code error) noexcept;

// Gives the open unnamed file `fd` the name `path` (linkat). Returns 0 or
// the errno: EEXIST where `path` exists.
int link_open_file(int fd, const std::string& path);

}  // namespace cio::copier
