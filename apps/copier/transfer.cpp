// Opening a transfer: the source, then the temporary it is copied into.
#include "transfer.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <span>
#include <utility>
#include <vector>

#include <cio/shard/shard.hpp>

#include "planner.hpp"
#include "unnamed_file.hpp"

namespace cio::copier {
namespace {

// Opens `path`, with O_DIRECT when asked. Where the filesystem refuses it
// (EINVAL) it warns once, naming the file as `shown` (the destination, for
// a temporary), and opens without, unless --direct=require.
Task<Result<fs::File>> open_file(Job& job, const std::string& path, fs::OpenOptions options,
                                 const std::string& shown) {
  const DirectMode mode = job.options().direct;
  options.direct = mode != DirectMode::off;
  Result<fs::File> file = co_await fs::File::open(path, options);
  const bool refused = !file && options.direct && file.error() == std::errc::invalid_argument;
  if (!refused) co_return std::move(file);
  // The kernel checks O_DIRECT after creating the file.
  if (options.exclusive) ::unlink(path.c_str());
  if (mode == DirectMode::require) co_return std::move(file);
  job.direct_refused(shown, file.error().message());
  options.direct = false;
  co_return co_await fs::File::open(path, options);
}

// fstat(2) through statx(2), for the fields the copy uses. ThreadSanitizer
// (the CI's race checks) tracks descriptors through the calls it
// intercepts, fstat among them, but never sees the io_uring ops that open
// and close these files: a number another shard reused looked like a race
// on one descriptor, and building that report could crash it.
bool stat_open_file(int fd, struct stat& info) {
  struct statx found {};
  const unsigned wanted = STATX_BASIC_STATS;
  if (::statx(fd, "", AT_EMPTY_PATH | AT_STATX_SYNC_AS_STAT, wanted, &found) != 0) return false;
  info = {};
  info.st_dev = ::makedev(found.stx_dev_major, found.stx_dev_minor);
  info.st_mode = found.stx_mode;
  info.st_uid = found.stx_uid;
  info.st_gid = found.stx_gid;
  info.st_size = static_cast<off_t>(found.stx_size);
  info.st_blocks = static_cast<blkcnt_t>(found.stx_blocks);
  info.st_atim = {found.stx_atime.tv_sec, found.stx_atime.tv_nsec};
  info.st_mtim = {found.stx_mtime.tv_sec, found.stx_mtime.tv_nsec};
  return true;
}

std::string reason(std::error_code error, const CopyOptions& options) {
  std::string text = error.message();
  if (options.direct == DirectMode::require && error == std::errc::invalid_argument) {
    text += " (O_DIRECT refused; --direct=require)";
  }
  return text;
}

// Files in /proc say they are empty but are not: what they hold is known
// only by reading them to the end, and may differ at the next read. One
// 1-byte read tells a really empty file from one of these (with O_DIRECT,
// which they refuse, the size is right); the bytes of one are then read
// once, here, and the copy takes them from memory (block_io.cpp). False
// after failing the transfer.
Task<bool> read_if_not_empty(Job& job, Transfer& transfer) {
  constexpr size_t kChunk = 64 * 1024;
  constexpr size_t kMostKept = 16 * 1024 * 1024;
  const std::string& path = transfer.entry.source;
  if (transfer.source.direct_alignment() != 0) co_return true;
  std::vector<std::byte>& contents = transfer.contents;
  for (;;) {
    const size_t have = contents.size();
    contents.resize(have == 0 ? 1 : have + kChunk);
    Result<size_t> got = co_await transfer.source.read_at(std::span(contents).subspan(have), have);
    contents.resize(have + (got ? *got : 0));
    if (!got) {
      fail_transfer(job, transfer, "error reading '" + path + "': " + got.error().message());
      co_return false;
    }
    if (*got == 0) co_return true;
    if (contents.size() > kMostKept) {
      fail_transfer(
          job, transfer,
          "cannot copy '" + path + "': its size says it is empty, but it reads more than 16 MiB");
      co_return false;
    }
  }
}

// The source, its metadata and the range to copy; false on failure.
Task<bool> open_source(Job& job, Transfer& transfer) {
  const std::string& path = transfer.entry.source;
  Result<fs::File> source = co_await open_file(job, path, {.read = true}, path);
  if (!source) {
    fail_transfer(job, transfer,
                  "cannot open '" + path + "': " + reason(source.error(), job.options()));
    co_return false;
  }
  transfer.source = std::move(*source);
  if (!stat_open_file(transfer.source.native_handle(), transfer.source_info)) {
    fail_transfer(job, transfer, "cannot stat '" + path + "': " + error_text(errno));
    co_return false;
  }
  const struct stat& info = transfer.source_info;
  if (!S_ISREG(info.st_mode)) {
    fail_transfer(job, transfer, "'" + path + "' is no longer a regular file");
    co_return false;
  }
  const bool whole = transfer.split == nullptr;
  transfer.begin = whole ? 0 : transfer.piece.begin;
  transfer.end = whole ? static_cast<uint64_t>(info.st_size) : transfer.piece.end;
  if (transfer.end == 0) {
    const bool read = co_await read_if_not_empty(job, transfer);
    if (!read) co_return false;
    transfer.end = transfer.contents.size();
  }
  transfer.next = transfer.begin;
  transfer.sparse =
      static_cast<uint64_t>(info.st_blocks) * 512 < static_cast<uint64_t>(info.st_size);
  co_return true;
}

// A whole file's temporary: unnamed where the filesystem has them, else
// named (O_EXCL).
Task<Result<fs::File>> create_temp(Job& job, Transfer& transfer, fs::OpenOptions options) {
  if (job.unnamed_files()) {
    fs::OpenOptions unnamed = options;
    unnamed.exclusive = false;  // nothing to unlink if O_DIRECT is refused
    unnamed.unnamed = true;
    const std::string directory = parent_dir(transfer.entry.destination);
    Result<fs::File> file = co_await open_file(job, directory, unnamed, transfer.entry.destination);
    transfer.unnamed = file.has_value();
    if (file || !lacks_unnamed_files(file.error())) co_return std::move(file);
    job.unnamed_refused();
  }
  Result<fs::File> file =
      co_await open_file(job, transfer.temp, options, transfer.entry.destination);
  transfer.made_temp = file.has_value();
  co_return std::move(file);
}

enum class BlockPath : uint8_t { ring, copy_range, mapped };

// How the transfer's blocks move (data_path.hpp). Options that need the
// bytes in the lane's buffer (or skip zero blocks) keep to the ring. Where
// --data-path picks copy_file_range, every block uses it. Otherwise, by
// default, a split file's first range is copied with copy_file_range (one
// copy, in the kernel) and its other ranges are read into a mapping of the
// target alongside it (mapped_range.hpp); whole files use the ring.
BlockPath choose_path(Job& job, const Transfer& transfer) {
  const CopyOptions& chosen = job.options();
  const bool plain = chosen.direct == DirectMode::off && !transfer.sparse && !chosen.verify &&
                     !chosen.fixed_buffers;
  if (!plain || chosen.data_path == DataPath::ring) return BlockPath::ring;
  const bool range_copied = job.data_path(this_shard())
                                .copy_range(chosen.data_path, transfer.source.native_handle(),
                                            transfer.source_info.st_dev);
  if (range_copied) return BlockPath::copy_range;
  if (transfer.split == nullptr) return BlockPath::ring;
  return transfer.begin == 0 ? BlockPath::copy_range : BlockPath::mapped;
}

// The errors of fallocate on a filesystem that cannot allocate ahead.
bool lacks_fallocate(int error) {
  return error == EOPNOTSUPP || error == ENOSYS || error == EINVAL;
}

// Allocates the target's blocks from the transfer's start to `end`; false
// where the filesystem cannot allocate ahead or the transfer failed (ENOSPC
// is reported here, before any block is copied).
bool allocate_range(Job& job, Transfer& transfer, uint64_t end) {
  const int fd = transfer.target.native_handle();
  const auto length = static_cast<off_t>(end - transfer.begin);
  if (::fallocate(fd, 0, static_cast<off_t>(transfer.begin), length) == 0) return true;
  const int error = errno;
  if (!lacks_fallocate(error)) {
    fail_transfer(job, transfer,
                  "error writing '" + transfer.entry.destination + "': " + error_text(error));
  }
  return false;
}

// Allocates the range's blocks and maps it. Where the filesystem cannot
// allocate ahead, or the mapping fails, the range is written instead.
void map_range(Job& job, Transfer& transfer) {
  if (!allocate_range(job, transfer, transfer.end)) return;
  const int fd = transfer.target.native_handle();
  Result<MappedRange> mapped = MappedRange::map(fd, transfer.begin, transfer.end);
  if (mapped) transfer.mapped = std::move(*mapped);
}

// An O_DIRECT write to blocks not yet allocated (ext4) takes the inode's
// lock exclusively, so io_uring cannot issue it without blocking: it hands
// each one to a worker thread, and those run one at a time per file. Written
// into blocks allocated ahead, the writes are overwrites and go out
// together, queue-depth deep. O_DIRECT writes whole aligned blocks, so the
// allocation reaches the last one's end (place() cuts the copy to size).
void allocate_direct(Job& job, Transfer& transfer) {
  const uint64_t alignment = transfer.target.direct_alignment();
  if (alignment == 0 || transfer.sparse || transfer.end == transfer.begin) return;
  (void)allocate_range(job, transfer, (transfer.end + alignment - 1) / alignment * alignment);
}

// The temporary: made here for a whole file, by the Job for a split one
// (already at its final size). A sparse whole file gets its size up front
// so that the zero blocks it skips read back as zeros.
Task<void> open_target(Job& job, Transfer& transfer) {
  const bool whole = transfer.split == nullptr;
  const BlockPath path = choose_path(job, transfer);
  const fs::OpenOptions options{.read = job.options().verify || path == BlockPath::mapped,
                                .write = true,
                                .exclusive = whole,
                                .mode = transfer.entry.mode & 0777};
  Task<Result<fs::File>> opening =
      whole ? create_temp(job, transfer, options)
            : open_file(job, transfer.temp, options, transfer.entry.destination);
  Result<fs::File> target = co_await std::move(opening);
  const std::string& destination = transfer.entry.destination;
  if (!target) {
    fail_transfer(job, transfer,
                  "cannot create '" + destination + "': " + reason(target.error(), job.options()));
    co_return;
  }
  transfer.target = std::move(*target);
  transfer.copy_range = path == BlockPath::copy_range;
  if (path == BlockPath::mapped) map_range(job, transfer);
  allocate_direct(job, transfer);
  // Writeback started block by block leaves the final fsync little to wait for.
  transfer.start_writeback = job.options().sync && transfer.target.direct_alignment() == 0;
  if (whole && transfer.sparse &&
      ::ftruncate(transfer.target.native_handle(), static_cast<off_t>(transfer.end)) != 0) {
    fail_transfer(job, transfer, "error writing '" + destination + "': " + error_text(errno));
  }
}

}  // namespace

void fail_transfer(Job& job, Transfer& transfer, const std::string& text) {
  transfer.failed = true;
  if (transfer.split != nullptr && transfer.split->failed.exchange(true)) return;
  job.fail(text);
}

void abandon_transfer(Transfer& transfer) noexcept {
  transfer.failed = true;
  if (transfer.split != nullptr) transfer.split->failed.store(true);
}

Task<std::unique_ptr<Transfer>> open_transfer(Job& job, const Piece& piece) {
  const FileEntry& entry = *piece.entry;
  if (entry.kind == FileEntry::Kind::link) {
    copy_link(job, piece);
    co_return nullptr;
  }
  auto transfer = std::make_unique<Transfer>(piece);
  transfer->temp = piece.split == nullptr ? job.temp_path(piece) : piece.split->temp;
  const bool opened = co_await open_source(job, *transfer);
  if (opened) co_await open_target(job, *transfer);
  co_return transfer;
}

}  // namespace cio::copier
