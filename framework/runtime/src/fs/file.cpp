#include <cio/fs/file.hpp>

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <system_error>

#include "direct_io.hpp"

namespace cio::fs {
namespace {

// open(2) flags for `options`, or 0 when the combination makes no sense.
int open_flags(const OpenOptions& options) {
  const bool write = options.write || options.append;
  if (!options.read && !write) return 0;
  if ((options.truncate || options.unnamed) && !write) return 0;
  int flags = O_CLOEXEC;
  flags |= options.read && write ? O_RDWR : (write ? O_WRONLY : O_RDONLY);
  if (options.unnamed) {
    flags |= O_TMPFILE;  // always a new file: create and exclusive do not apply
  } else if (options.create || options.exclusive) {
    flags |= options.exclusive ? O_CREAT | O_EXCL : O_CREAT;
  }
  if (options.truncate) flags |= O_TRUNC;
  if (options.append) flags |= O_APPEND;
  if (options.direct) flags |= O_DIRECT;
  return flags;
}

}  // namespace

Task<Result<File>> File::open(std::string path, OpenOptions options) {
  const int flags = open_flags(options);
  if (flags == 0) co_return Result<File>(std::make_error_code(std::errc::invalid_argument), "open");
  auto raw = co_await cio::detail::NamedOp<OpenAt, uint32_t>("open", AT_FDCWD, path.c_str(), flags,
                                                             options.mode);
  if (!raw) co_return cio::detail::error_of<File>(raw);
  auto owned = OwnedFd::adopt(static_cast<int>(*raw), "open");
  if (!owned) co_return cio::detail::error_of<File>(owned);
  const uint32_t alignment = options.direct ? detail::direct_alignment(owned->get()) : 0;
  co_return File(std::move(*owned), alignment);
}

File::SyncOp File::fsync() noexcept { return SyncOp("fsync", fd_.fd(), Fsync::Mode::full); }

File::SyncOp File::fdatasync() noexcept {
  return SyncOp("fdatasync", fd_.fd(), Fsync::Mode::data_only);
}

File::RangeSyncOp File::sync_range(uint64_t offset, uint32_t length, unsigned flags) noexcept {
  return RangeSyncOp("sync_file_range", fd_.fd(), offset, length, flags);
}

Result<uint64_t> File::size() const {
  struct stat info {};
  if (::fstat(fd_.get(), &info) < 0) return Result<uint64_t>(errno_code(errno), "fstat");
  return static_cast<uint64_t>(info.st_size);
}

cio::detail::OpName File::checked(const char* operation, const void* data, size_t length,
                                  uint64_t offset) const {
  if (direct_alignment_ == 0) return operation;
  const char* problem = detail::misalignment(operation, direct_alignment_, data, length, offset);
  if (problem == nullptr) return operation;
  return {problem, std::errc::invalid_argument};
}

}  // namespace cio::fs
