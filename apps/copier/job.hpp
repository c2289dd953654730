// Job: one run's work, shared by every shard. Shard 0 builds it before the
// copy starts, publishes the plan's entries to it as the walk finds them,
// and destroys it after every shard is done. Entries are read-only once
// published; the shared state is atomics touched once per file (claims,
// failures) or by one shard only (tallies).
#pragma once

#include <sys/types.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>

#include "console.hpp"
#include "data_path.hpp"
#include "options.hpp"
#include "piece_feed.hpp"
#include "plan.hpp"

namespace cio::copier {

// A large file copied in ranges by several shards into one temporary, made
// by shard 0. The shard that finishes the last range puts it in place; the
// Job removes it if nobody did.
struct SplitFile {
  std::string temp;
  std::atomic<uint32_t> ranges_left{0};
  std::atomic<bool> failed{false};
  std::atomic<bool> placed{false};
  std::atomic<uint64_t> copied{0};  // the ranges' bytes, added as each range finishes
};

// What one shard has done; written by that shard only, read by the
// progress line.
struct alignas(64) ShardTally {
  std::atomic<uint64_t> bytes{0};
  std::atomic<uint64_t> files{0};
  // Bytes counted in `bytes` whose file was then not put in place.
  std::atomic<uint64_t> discarded{0};

  static void add(std::atomic<uint64_t>& counter, uint64_t n) noexcept {
    counter.store(counter.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
  }
};

class Job {
 public:
  // Publishes the entries `plan` already has (see publish()).
  Job(const Plan& plan, const CopyOptions& options, Console& console, unsigned shards);
  // Removes the temporaries of split files that were not put in place.
  ~Job();
  Job(const Job&) = delete;
  Job& operator=(const Job&) = delete;

  // Shard 0 only, and only while it is the only shard using the plan's
  // entries: on other shards, read an entry through its Piece.
  const Plan& plan() const noexcept { return plan_; }
  const CopyOptions& options() const noexcept { return options_; }
  Console& console() noexcept { return console_; }
  // Bytes per block (--block-size).
  uint64_t block_size() const noexcept { return block_size_; }

  // Shard 0: hands the entries the plan gained since the last call to the
  // shards. Splits files of at least split_threshold() bytes into one range
  // per shard (when there are several) and makes their temporaries; a
  // failure there is reported like any other.
  void publish();
  // Shard 0: the plan is complete; nothing more will be published.
  void finish_planning() noexcept { planned_.store(true, std::memory_order_release); }
  // True once finish_planning() was called. Read it before claim(): a
  // claim that then finds nothing has found the end.
  bool planned() const noexcept { return planned_.load(std::memory_order_acquire); }

  // The calling shard's next piece: its own ranges first, then the whole
  // files of its home directories (a directory's entries and inodes then
  // stay in one CPU's cache), then those of the other shards. nullptr when
  // none is published (see planned()) or the job is cancelled.
  const Piece* claim() noexcept;
  // Hands out no more pieces; the shards abandon the files in flight.
  void cancel() noexcept { cancelled_.store(true, std::memory_order_relaxed); }
  bool cancelled() const noexcept { return cancelled_.load(std::memory_order_relaxed); }

  // Reports an error about one file and counts it; cancels the job unless
  // --keep-going.
  void fail(const std::string& text);
  uint64_t failures() const noexcept { return failures_.load(std::memory_order_relaxed); }
  // Warns once per run that a filesystem refused O_DIRECT.
  void direct_refused(const std::string& path, const std::string& reason);
  // Warns once per run that registering --fixed-buffers failed.
  void fixed_buffers_refused(const std::string& reason);
  // Whole files are written into unnamed temporaries (unnamed_file.hpp)
  // until a filesystem refuses them; named ones from then on.
  bool unnamed_files() const noexcept { return !unnamed_refused_.load(std::memory_order_relaxed); }
  void unnamed_refused() noexcept { unnamed_refused_.store(true, std::memory_order_relaxed); }

  // The temporary a whole-file piece writes, next to its destination.
  std::string temp_path(const Piece& piece) const;
  ShardTally& tally(unsigned shard) noexcept { return tallies_[shard]; }
  DataPathChoice& data_path(unsigned shard) noexcept { return data_paths_[shard]; }
  unsigned shards() const noexcept { return shards_; }
  // The mode a split file gets when it is placed (its temporary is made
  // owner read-write): the source's permission bits less the umask, as a
  // newly created file gets them.
  mode_t split_file_mode(const FileEntry& entry) const noexcept {
    return entry.mode & 0777 & ~umask_;
  }
  // Files this size or larger are split over the shards.
  uint64_t split_threshold() const noexcept;

 private:
  void add_split(uint32_t file);

  const Plan& plan_;
  const CopyOptions& options_;
  Console& console_;
  const uint64_t block_size_;
  const unsigned shards_;
  const pid_t pid_;
  const mode_t umask_;
  std::unique_ptr<PieceFeed[]> homes_;   // per shard: whole files
  std::unique_ptr<PieceFeed[]> pinned_;  // per shard: ranges of split files
  std::deque<SplitFile> splits_;         // appended by publish(); never move
  uint32_t published_ = 0;               // entries of the plan published so far
  std::unique_ptr<ShardTally[]> tallies_;
  std::unique_ptr<DataPathChoice[]> data_paths_;  // per shard, its own
  std::atomic<bool> planned_{false};
  std::atomic<bool> cancelled_{false};
  std::atomic<uint64_t> failures_{0};
  std::atomic<bool> direct_warned_{false};
  std::atomic<bool> fixed_buffers_warned_{false};
  std::atomic<bool> unnamed_refused_{false};
};

}  // namespace cio::copier
