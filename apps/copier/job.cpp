#include "job.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>

#include <cio/shard/shard.hpp>

#include "planner.hpp"

namespace cio::copier {
namespace {

constexpr uint64_t kMinSplit = uint64_t{32} << 20;
// Leaves room for the ".", the ".cio-<pid>-<n>.tmp" tail and NAME_MAX.
constexpr size_t kMaxTempBase = 200;

// Read by setting it back at once: no file is being created while the Job
// is built (no shard copies yet, and the walk runs on this thread).
mode_t current_umask() noexcept {
  const mode_t mask = ::umask(0);
  ::umask(mask);
  return mask;
}

}  // namespace

Job::Job(const Plan& plan, const CopyOptions& options, Console& console, unsigned shards)
    : plan_(plan),
      options_(options),
      console_(console),
      block_size_(options.block_bytes()),
      shards_(shards),
      pid_(::getpid()),
      umask_(current_umask()),
      homes_(std::make_unique<PieceFeed[]>(shards)),
      pinned_(std::make_unique<PieceFeed[]>(shards)),
      tallies_(std::make_unique<ShardTally[]>(shards)),
      data_paths_(std::make_unique<DataPathChoice[]>(shards)) {
  publish();
}

Job::~Job() {
  for (const SplitFile& file : splits_) {
    if (!file.placed.load()) ::unlink(file.temp.c_str());
  }
}

void Job::publish() {
  std::vector<std::vector<Piece>> homes(shards_);
  for (; published_ < plan_.files.size() && !cancelled(); ++published_) {
    const FileEntry& entry = plan_.files[published_];
    if (shards_ > 1 && entry.kind == FileEntry::Kind::file && entry.size >= split_threshold()) {
      add_split(published_);
    } else {
      homes[entry.home % shards_].push_back(Piece{&entry, published_, nullptr, 0, 0});
    }
  }
  for (unsigned shard = 0; shard < shards_; ++shard) homes_[shard].publish(std::move(homes[shard]));
}

uint64_t Job::split_threshold() const noexcept {
  return std::max(kMinSplit, 2 * uint64_t{shards_} * block_size_);
}

// Makes the temporary and one range per shard, in whole blocks.
void Job::add_split(uint32_t file) {
  const FileEntry& entry = plan_.files[file];
  const std::string temp = temp_path(Piece{&entry, file, nullptr, 0, 0});
  // Owner read-write until it is placed (with its mode then): every range
  // reopens it, and the mode of a read-only source would lock them out.
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, S_IRUSR | S_IWUSR);
  if (fd < 0) return fail("cannot create '" + entry.destination + "': " + error_text(errno));
  // At its final size already, so that the zero blocks of a sparse source
  // can be skipped and every range reads back whole when verified.
  const int sized = ::ftruncate(fd, static_cast<off_t>(entry.size)) == 0 ? 0 : errno;
  ::close(fd);
  if (sized != 0) {
    ::unlink(temp.c_str());
    return fail("cannot create '" + entry.destination + "': " + error_text(sized));
  }
  SplitFile& split = splits_.emplace_back();
  split.temp = temp;
  const uint64_t blocks = (entry.size + block_size_ - 1) / block_size_;
  const uint64_t chunk = (blocks + shards_ - 1) / shards_ * block_size_;
  // Set before any range is published: the last range to end places it.
  split.ranges_left.store(static_cast<uint32_t>((entry.size + chunk - 1) / chunk));
  uint32_t shard = 0;
  for (uint64_t begin = 0; begin < entry.size; begin += chunk, ++shard) {
    pinned_[shard].publish(
        {Piece{&entry, file, &split, begin, std::min(entry.size, begin + chunk)}});
  }
}

const Piece* Job::claim() noexcept {
  if (cancelled()) return nullptr;
  const unsigned shard = this_shard();
  if (const Piece* range = pinned_[shard].take()) return range;
  for (unsigned offset = 0; offset < shards_; ++offset) {
    if (const Piece* piece = homes_[(shard + offset) % shards_].take()) return piece;
  }
  return nullptr;
}

void Job::fail(const std::string& text) {
  console_.error(text);
  failures_.fetch_add(1, std::memory_order_relaxed);
  if (!options_.keep_going) cancel();
}

void Job::fixed_buffers_refused(const std::string& reason) {
  if (fixed_buffers_warned_.exchange(true)) return;
  console_.warn("--fixed-buffers: registering the block buffers failed (" + reason +
                "): copying with plain reads and writes");
}

void Job::direct_refused(const std::string& path, const std::string& reason) {
  if (direct_warned_.exchange(true)) return;
  console_.warn("O_DIRECT refused for '" + path + "' (" + reason +
                "): copying through the page cache where it is refused");
}

std::string Job::temp_path(const Piece& piece) const {
  const std::string& destination = piece.entry->destination;
  const size_t slash = destination.rfind('/');
  const std::string dir = slash == std::string::npos ? "" : destination.substr(0, slash + 1);
  const std::string base = destination.substr(slash == std::string::npos ? 0 : slash + 1);
  return dir + "." + base.substr(0, kMaxTempBase) + ".cio-" + std::to_string(pid_) + "-" +
         std::to_string(piece.file) + ".tmp";
}

}  // namespace cio::copier
