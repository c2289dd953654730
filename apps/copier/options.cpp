#include "options.hpp"

#include <charconv>

namespace cio::copier {
namespace {

constexpr std::string_view kBlockAllowed =
    "4KiB..256MiB, a multiple of 4KiB; suffixes K, M, G or KiB, MiB, GiB";

Parsed<> check_block_size(std::string_view text) {
  const std::optional<uint64_t> bytes = parse_size(text);
  const std::string allowed = " (allowed " + std::string(kBlockAllowed) + ")";
  if (!bytes) return ParseError{"'" + std::string(text) + "' is not a size" + allowed};
  if (*bytes < kMinBlock || *bytes > kMaxBlock) {
    return ParseError{std::string(text) + " is out of range" + allowed};
  }
  if (*bytes % kMinBlock != 0) {
    return ParseError{std::string(text) + " is not a multiple of 4KiB" + allowed};
  }
  return {};
}

}  // namespace

std::optional<uint64_t> parse_size(std::string_view text) {
  uint64_t value = 0;
  const auto [rest, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || rest == text.data()) return std::nullopt;
  std::string_view unit(rest, static_cast<size_t>(text.data() + text.size() - rest));
  if (unit.ends_with("iB")) unit.remove_suffix(2);
  if (unit.size() > 1) return std::nullopt;
  unsigned shift = 0;
  if (unit == "K" || unit == "k") shift = 10;
  if (unit == "M") shift = 20;
  if (unit == "G") shift = 30;
  if (!unit.empty() && shift == 0) return std::nullopt;
  if (value > (UINT64_MAX >> shift)) return std::nullopt;
  return value << shift;
}

uint64_t CopyOptions::block_bytes() const { return parse_size(block_size).value_or(kMinBlock); }

void declare_copy_options(app::ConfigSchema& schema, CopyOptions& options) {
  schema.section("", "Copier options")
      .add_string("block-size", options.block_size,
                  "Bytes per read and write (or copy_file_range call)",
                  {check_block_size, std::string(kBlockAllowed)})
      .add_integer("queue-depth", options.queue_depth, 1, 1024,
                   "Blocks in flight per shard, each with its own buffer; also the number of "
                   "small files in flight per shard")
      .add_enum(
          "direct", options.direct,
          {{"off", DirectMode::off}, {"on", DirectMode::on}, {"require", DirectMode::require}},
          "O_DIRECT: on falls back to the page cache where a filesystem refuses it, "
          "require fails instead (bare --direct means on; a value needs '=': "
          "--direct=require)")
      .add_enum("data-path", options.data_path,
                {{"auto", DataPath::automatic},
                 {"ring", DataPath::ring},
                 {"copy-range", DataPath::copy_range}},
                "How the bytes move: ring (reads and writes through the driver), "
                "copy-range (copy_file_range), or auto: copy-range where the filesystem "
                "copies without the CPU (btrfs, XFS, NFS, SMB, ...), ring elsewhere, except "
                "that a file split over the shards has its first range copied with "
                "copy_file_range and the others read into a mapping of the copy")
      .add_bool("fixed-buffers", options.fixed_buffers,
                "Register the block buffers with the kernel once (io_uring fixed buffers), "
                "so reads and writes skip mapping them each time; falls back with a warning "
                "where registering fails")
      .add_bool("sync", options.sync,
                "fsync each file before it is put in place (writeback starts block by block)")
      .add_bool("preserve", options.preserve,
                "Keep mode, owner (where permitted) and timestamps (-p)")
      .add_bool("verify", options.verify, "Re-read source and copy and compare them")
      .add_bool("recursive", options.recursive,
                "Copy directories and their contents (-r, -R); symlinks are copied as links")
      .add_bool("keep-going", options.keep_going,
                "After an error, go on with the other files instead of stopping (-k)")
      .add_enum(
          "progress", options.progress,
          {{"auto", ProgressMode::automatic}, {"on", ProgressMode::on}, {"off", ProgressMode::off}},
          "Live progress line: auto shows it when stderr is a terminal "
          "(--progress, --no-progress; a value needs '=': --progress=off)")
      .add_bool("quiet", options.quiet, "No progress line and no summary; errors only (-q)");
}

}  // namespace cio::copier
