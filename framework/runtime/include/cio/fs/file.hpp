/// @file
/// File: a regular file read and written at explicit offsets through the
/// driver. read_at/write_at/fsync/sync_range return awaitables that keep
/// their op in the awaiting frame (no allocation); the *_all / *_exact /
/// read_to_end forms are loops (Tasks) that keep a pointer to the File: it
/// must not move while one runs.
///
///   auto file = co_await cio::fs::File::open(path, {.write = true, .create = true});
///   auto ok = co_await file->write_all_at(data, 0);
///   auto bytes = co_await file->read_to_end_at(0);  // Result<std::vector<std::byte>>
///
/// With OpenOptions::direct (O_DIRECT) every buffer address, length and
/// offset must be a multiple of direct_alignment(); a misaligned call fails
/// at once with invalid_argument and a message saying which one and the
/// required alignment. AlignedBuffer gives suitable memory.
#pragma once

#include <fcntl.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <cio/core/owned_fd.hpp>
#include <cio/core/task.hpp>
#include <cio/detail/named_op.hpp>
#include <cio/driver/ops.hpp>
#include <cio/driver/result.hpp>

namespace cio::fs {

/// How File::open() opens a file; the fields map to open(2) flags.
/// Always O_CLOEXEC.
struct OpenOptions {
  bool read = true;        ///< Open for reading (O_RDONLY, or O_RDWR with write).
  bool write = false;      ///< Open for writing (O_WRONLY, or O_RDWR with read).
  bool create = false;     ///< O_CREAT
  bool truncate = false;   ///< O_TRUNC; needs write
  bool append = false;     ///< O_APPEND; implies write
  bool exclusive = false;  ///< O_CREAT | O_EXCL: fail if the file exists
  bool direct = false;     ///< O_DIRECT: bypass the page cache
  /// O_TMPFILE: a new file with no name in the directory `path`, gone when
  /// closed unless linked first (linkat); needs write. A filesystem without
  /// them fails with operation_not_supported.
  bool unnamed = false;
  unsigned mode = 0644;  ///< permissions of a created file (before the umask)
};

/// An open file, owned (closed with close(2) by the destructor if close()
/// was not awaited). Movable, not copyable. Ops run on the shard that
/// opened it and take no StopToken: they are not cancellable.
class File {
 public:
  /// Awaitable returned by read_at(): Result<size_t>.
  using ReadOp = cio::detail::NamedOp<ReadAt>;
  /// Awaitable returned by write_at(): Result<size_t>.
  using WriteOp = cio::detail::NamedOp<WriteAt>;
  /// Awaitable returned by read_fixed_at(): Result<size_t>.
  using FixedReadOp = cio::detail::NamedOp<ReadAtFixed>;
  /// Awaitable returned by write_fixed_at(): Result<size_t>.
  using FixedWriteOp = cio::detail::NamedOp<WriteAtFixed>;
  /// Awaitable returned by fsync() and fdatasync(): Result<void>.
  using SyncOp = cio::detail::NamedOp<Fsync, void>;
  /// Awaitable returned by sync_range(): Result<void>.
  using RangeSyncOp = cio::detail::NamedOp<SyncFileRange, void>;
  /// Awaitable returned by close(): Result<void>, errors named "close".
  using CloseOp = OwnedFd::CloseOp;

  /// An empty File (owns no descriptor).
  File() noexcept = default;

  /// Opens `path` (kept in the task's frame until the open completes).
  /// Errors named "open" (no_such_file_or_directory, permission_denied, ...
  /// and invalid_argument for options without read or write, or truncate or
  /// unnamed without write). A filesystem without O_DIRECT fails with
  /// invalid_argument.
  static Task<Result<File>> open(std::string path, OpenOptions options = {});

  /// Reads up to buffer.size() bytes at `offset`: Result<size_t>, 0 at end of
  /// file. Errors named "read_at". The caller keeps `buffer` alive until the
  /// awaitable completes, as for every call below.
  ReadOp read_at(std::span<std::byte> buffer, uint64_t offset);
  /// Fills all of `buffer` from `offset`. Errors named "read_exact_at"; a
  /// file that ends first gives no_message_available (ENODATA).
  Task<Result<void>> read_exact_at(std::span<std::byte> buffer, uint64_t offset);
  /// Everything from `offset` to the end of the file. Errors named
  /// "read_to_end_at". Not for O_DIRECT files (a vector is not aligned).
  Task<Result<std::vector<std::byte>>> read_to_end_at(uint64_t offset);
  /// The same, appended to `out`; returns the number of bytes appended.
  /// On error `out` keeps what was read.
  Task<Result<size_t>> read_to_end_at(uint64_t offset, std::vector<std::byte>& out);

  /// Writes up to data.size() bytes at `offset` (may be short). Errors named "write_at".
  WriteOp write_at(std::span<const std::byte> data, uint64_t offset);
  /// Writes all of `data` at `offset`. Errors named "write_all_at".
  Task<Result<void>> write_all_at(std::span<const std::byte> data, uint64_t offset);

  /// read_at() on memory inside buffer `index` of the shard's
  /// RegisteredBuffers (the kernel skips mapping the pages per op). Memory
  /// outside that buffer gives bad_address. Errors named "read_fixed_at".
  FixedReadOp read_fixed_at(std::span<std::byte> buffer, uint64_t offset, uint16_t index);
  /// write_at() from memory inside buffer `index` of the shard's
  /// RegisteredBuffers; as read_fixed_at(). Errors named "write_fixed_at".
  FixedWriteOp write_fixed_at(std::span<const std::byte> data, uint64_t offset, uint16_t index);

  /// Flushes data and metadata to the device (fsync(2)). Error named "fsync".
  SyncOp fsync() noexcept;
  /// Flushes data, and only the metadata needed to read it back
  /// (fdatasync(2)). Error named "fdatasync".
  SyncOp fdatasync() noexcept;
  /// sync_file_range(2) on [offset, offset + length) (length 0: to the end).
  /// The default flags start writeback without waiting for it, so a later
  /// fsync has less to wait for; it makes nothing durable by itself. Errors
  /// named "sync_file_range".
  RangeSyncOp sync_range(uint64_t offset, uint32_t length,
                         unsigned flags = SYNC_FILE_RANGE_WRITE) noexcept;
  /// The file's size now (fstat, synchronous). Error named "fstat".
  Result<uint64_t> size() const;

  /// Closes through the driver: `co_await file.close()`. The File owns
  /// nothing from the call on. Without it, the destructor closes with
  /// close(2) (no op may be in flight then).
  CloseOp close() noexcept { return fd_.close(); }

  /// True while the File owns a descriptor.
  bool is_open() const noexcept { return fd_.is_open(); }
  /// The raw descriptor, still owned by the File (-1 if none).
  int native_handle() const noexcept { return fd_.get(); }
  /// The O_DIRECT alignment (device's, or 4096 if the kernel does not say);
  /// 0 for a file opened without OpenOptions::direct.
  uint32_t direct_alignment() const noexcept { return direct_alignment_; }

 private:
  File(OwnedFd fd, uint32_t direct_alignment) noexcept
      : fd_(std::move(fd)), direct_alignment_(direct_alignment) {}
  // The op's name, or a rejection when an O_DIRECT rule is broken.
  cio::detail::OpName checked(const char* operation, const void* data, size_t length,
                              uint64_t offset) const;

  OwnedFd fd_;
  uint32_t direct_alignment_ = 0;
};

}  // namespace cio::fs
