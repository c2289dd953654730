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

// The lanes' buffers are allocated and touched when a shard starts: when
// every file is smaller than a block, smaller buffers do the same work.
uint64_t effective_block(const Plan& plan, uint64_t configured) {
  uint64_t largest = 0;
  for (const FileEntry& file : plan.files) largest = std::max(largest, file.size);
  const uint64_t needed = (std::max<uint64_t>(largest, 1) + kMinBlock - 1) / kMinBlock * kMinBlock;
  return std::min(configured, needed);
}

// Read by setting it back at once: no file is being created while the Job
// is built (the walk is done, the copy not started).
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
      block_size_(effective_block(plan, options.block_bytes())),
      shards_(shards),
      pid_(::getpid()),
      umask_(current_umask()),
      homes_(std::make_unique<PieceQueue[]>(shards)),
      pinned_(shards),
      pinned_next_(std::make_unique<size_t[]>(shards)),
      tallies_(std::make_unique<ShardTally[]>(shards)),
      data_paths_(std::make_unique<DataPathChoice[]>(shards)) {
  const auto splits = [&](const FileEntry& entry) {
    return shards > 1 && entry.kind == FileEntry::Kind::file && entry.size >= split_threshold();
  };
  split_count_ = static_cast<uint32_t>(std::count_if(plan.files.begin(), plan.files.end(), splits));
  splits_ = std::make_unique<SplitFile[]>(split_count_);
  uint32_t split = 0;
  for (uint32_t file = 0; file < plan.files.size(); ++file) {
    if (!splits(plan.files[file])) {
      homes_[plan.files[file].home % shards].pieces.push_back(Piece{file, Piece::kWhole, 0, 0});
    } else if (!cancelled()) {
      add_split(file, split++);
    }
  }
}

Job::~Job() {
  for (uint32_t split = 0; split < split_count_; ++split) {
    const SplitFile& file = splits_[split];
    if (!file.temp.empty() && !file.placed.load()) ::unlink(file.temp.c_str());
  }
}

uint64_t Job::split_threshold() const noexcept {
  return std::max(kMinSplit, 2 * uint64_t{shards_} * block_size_);
}

// Makes the temporary and one range per shard, in whole blocks.
void Job::add_split(uint32_t file, uint32_t index) {
  const FileEntry& entry = plan_.files[file];
  SplitFile& split = splits_[index];
  const std::string temp = temp_path(file);
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
  split.temp = temp;
  const uint64_t blocks = (entry.size + block_size_ - 1) / block_size_;
  const uint64_t chunk = (blocks + shards_ - 1) / shards_ * block_size_;
  uint32_t ranges = 0;
  for (uint64_t begin = 0; begin < entry.size; begin += chunk, ++ranges) {
    pinned_[ranges].push_back(Piece{file, index, begin, std::min(entry.size, begin + chunk)});
  }
  split.ranges_left.store(ranges);
}

const Piece* Job::claim() noexcept {
  if (cancelled()) return nullptr;
  const unsigned shard = this_shard();
  const std::vector<Piece>& own = pinned_[shard];
  if (pinned_next_[shard] < own.size()) return &own[pinned_next_[shard]++];
  for (unsigned offset = 0; offset < shards_; ++offset) {
    if (const Piece* piece = homes_[(shard + offset) % shards_].take()) return piece;
  }
  return nullptr;
}

const Piece* PieceQueue::take() noexcept {
  // Checked first, so that the shards leave a drained queue's line alone.
  if (next.load(std::memory_order_relaxed) >= pieces.size()) return nullptr;
  const size_t index = next.fetch_add(1, std::memory_order_relaxed);
  return index < pieces.size() ? &pieces[index] : nullptr;
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

std::string Job::temp_path(uint32_t file) const {
  const std::string& destination = plan_.files[file].destination;
  const size_t slash = destination.rfind('/');
  const std::string dir = slash == std::string::npos ? "" : destination.substr(0, slash + 1);
  const std::string base = destination.substr(slash == std::string::npos ? 0 : slash + 1);
  return dir + "." + base.substr(0, kMaxTempBase) + ".cio-" + std::to_string(pid_) + "-" +
         std::to_string(file) + ".tmp";
}

}  // namespace cio::copier
