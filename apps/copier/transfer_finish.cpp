// Finishing a transfer: a complete copy is flushed, given its metadata and
// linked or renamed into place; anything else leaves no trace but the
// report. The ranges of a split file close as they end; the last of them
// reopens the temporary to put it in place.
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include <cio/shard/shard.hpp>

#include "metadata.hpp"
#include "planner.hpp"
#include "transfer.hpp"
#include "unnamed_file.hpp"

namespace cio::copier {
namespace {

bool complete(const Transfer& transfer) {
  return !transfer.failed &&
         (transfer.split == nullptr || !transfer.split->failed.load(std::memory_order_acquire));
}

// Closes what is open; a failed close of the target fails the transfer.
// Pages written through the mapping stay dirty in the page cache, for the
// fsync of --sync and for writeback.
Task<void> close_files(Job& job, Transfer& transfer) {
  transfer.mapped.reset();
  if (transfer.source.is_open()) {
    Result<void> closed = co_await transfer.source.close();
    (void)closed;  // nothing was written through it
  }
  if (!transfer.target.is_open()) co_return;
  Result<void> closed = co_await transfer.target.close();
  if (!closed && !transfer.failed) {
    fail_transfer(
        job, transfer,
        "error writing '" + transfer.entry.destination + "': " + closed.error().message());
  }
}

Task<void> reopen_target(Job& job, Transfer& transfer) {
  Result<fs::File> target = co_await fs::File::open(transfer.temp, {.read = false, .write = true});
  if (target) {
    transfer.target = std::move(*target);
  } else {
    fail_transfer(job, transfer,
                  "cannot reopen '" + transfer.temp + "': " + target.error().message());
  }
}

// Gives the complete copy its name and closes it. An unnamed temporary is
// linked while still open: at the destination where that is free (a close
// that fails takes the name back), else as the named temporary. A named
// temporary is renamed over the destination once closed. False after a
// report.
Task<bool> name_copy(Job& job, Transfer& transfer) {
  const std::string& path = transfer.entry.destination;
  int failed = 0;
  bool named = false;
  if (transfer.unnamed) {
    failed = link_open_file(transfer.target.native_handle(), path);
    named = failed == 0;
    if (failed == EEXIST) {
      failed = link_open_file(transfer.target.native_handle(), transfer.temp);
      transfer.made_temp = failed == 0;
    }
  }
  co_await close_files(job, transfer);
  if (named && transfer.failed) ::unlink(path.c_str());
  if (!named && failed == 0 && !transfer.failed &&
      ::rename(transfer.temp.c_str(), path.c_str()) != 0) {
    failed = errno;
  }
  if (failed != 0) {
    fail_transfer(job, transfer, "cannot create '" + path + "': " + error_text(failed));
  }
  co_return !transfer.failed;
}

// Final size, flush, metadata, then the name; false after a report.
Task<bool> place(Job& job, Transfer& transfer) {
  const std::string& path = transfer.entry.destination;
  const int fd = transfer.target.native_handle();
  const uint64_t size = transfer.split != nullptr ? transfer.entry.size : transfer.end;
  // O_DIRECT wrote whole blocks past the end; a sparse copy may end in a hole.
  const bool resize = transfer.sparse || job.options().direct != DirectMode::off;
  if (resize && ::ftruncate(fd, static_cast<off_t>(size)) != 0) {
    fail_transfer(job, transfer, "error writing '" + path + "': " + error_text(errno));
    co_return false;
  }
  if (job.options().sync) {
    Result<void> synced = co_await transfer.target.fsync();
    if (!synced) {
      fail_transfer(job, transfer, "error syncing '" + path + "': " + synced.error().message());
      co_return false;
    }
  }
  if (transfer.split != nullptr && ::fchmod(fd, job.split_file_mode(transfer.entry)) != 0) {
    fail_transfer(job, transfer, "cannot set the mode of '" + path + "': " + error_text(errno));
    co_return false;
  }
  const int unpreserved = job.options().preserve ? preserve_file(fd, transfer.source_info) : 0;
  if (unpreserved != 0) {
    fail_transfer(job, transfer,
                  "cannot preserve the attributes of '" + path + "': " + error_text(unpreserved));
    co_return false;
  }
  co_return co_await name_copy(job, transfer);
}

}  // namespace

Task<void> finish_transfer(Job& job, Transfer& transfer) {
  bool last = true;
  uint64_t copied = transfer.copied;
  if (transfer.split != nullptr) {
    co_await close_files(job, transfer);
    transfer.split->copied.fetch_add(transfer.copied, std::memory_order_relaxed);
    last = transfer.split->ranges_left.fetch_sub(1, std::memory_order_acq_rel) == 1;
    copied = transfer.split->copied.load(std::memory_order_relaxed);
    if (last && complete(transfer)) co_await reopen_target(job, transfer);
  }
  bool placed = false;
  if (last && complete(transfer)) placed = co_await place(job, transfer);
  co_await close_files(job, transfer);
  if (placed) {
    ShardTally::add(job.tally(this_shard()).files, 1);
    if (transfer.split != nullptr) transfer.split->placed.store(true);
    co_return;
  }
  if (transfer.made_temp) ::unlink(transfer.temp.c_str());
  // The summary counts only files put in place.
  if (last) ShardTally::add(job.tally(this_shard()).discarded, copied);
}

}  // namespace cio::copier
