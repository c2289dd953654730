#include "cases.hpp"

namespace cio::bench {
namespace {

std::string mib(uint64_t bytes) { return std::to_string(bytes >> 20) + " MiB"; }

std::string files(int count, const char* size) {
  return std::to_string(count) + " files of " + size + " in " + std::to_string(kTreeDirectories) +
         " directories";
}

Command tree_copy(const std::string& copier, const char* data_path) {
  return {std::string("cio-copy -q -r --data-path ") + data_path,
          {copier, "-q", "-r", "--data-path", data_path, "{src}", "{dst}"}};
}

}  // namespace

std::vector<CopyCase> copy_cases(const Fixtures& fixtures, const FixtureSizes& sizes,
                                 const std::string& copier) {
  const Command ours{"cio-copy -q", {copier, "-q", "{src}", "{dst}"}};
  const Command ours_tree{"cio-copy -q -r", {copier, "-q", "-r", "{src}", "{dst}"}};
  const Command cp_tree{"cp -r", {"cp", "-r", "{src}", "{dst}"}};
  const Command dd{"dd bs=1M", {"dd", "if={src}", "of={dst}", "bs=1M", "status=none"}};
  const std::string big = "one file of " + mib(sizes.big_bytes);
  const Command ring_tree = tree_copy(copier, "ring");
  const Command range_tree = tree_copy(copier, "copy-range");
  const std::string paths = ": the ring's reads and writes against copy_file_range";
  return {
      {"copier.tree_4k.cp_r", ">=1.50", files(sizes.small_files, "4 KiB") + " against cp -r",
       ours_tree, cp_tree, fixtures.small_tree, sizes.small_files * kSmallFile, true},
      {"copier.tree_256k.cp_r", ">=1.50", files(sizes.medium_files, "256 KiB") + " against cp -r",
       ours_tree, cp_tree, fixtures.medium_tree, sizes.medium_files * kMediumFile, true},
      {"copier.tree_4k.data_path", ">0", files(sizes.small_files, "4 KiB") + paths, ring_tree,
       range_tree, fixtures.small_tree, sizes.small_files * kSmallFile, true},
      {"copier.tree_256k.data_path", ">0", files(sizes.medium_files, "256 KiB") + paths, ring_tree,
       range_tree, fixtures.medium_tree, sizes.medium_files * kMediumFile, true},
      {"copier.tree_4k_cold.data_path", ">0",
       files(sizes.small_files, "4 KiB") + ", cold page cache" + paths, ring_tree, range_tree,
       fixtures.small_tree, sizes.small_files * kSmallFile, true, true},
      {"copier.big_file.dd", ">=1.30", big + " (split over the shards) against dd bs=1M", ours, dd,
       fixtures.big_file, sizes.big_bytes},
      {"copier.big_file.cp", ">=1.30", big + " against cp (copy_file_range)", ours,
       Command{"cp", {"cp", "{src}", "{dst}"}}, fixtures.big_file, sizes.big_bytes},
      {"copier.big_file.data_path", ">0",
       big + ": ranges written through the ring against the default (mapped ranges)", ours,
       Command{"cio-copy -q --data-path ring",
               {copier, "-q", "--data-path", "ring", "{src}", "{dst}"}},
       fixtures.big_file, sizes.big_bytes},
      {"copier.big_file_sync.cp_sync", ">=1.50", big + ", durable: --sync against cp; sync",
       Command{"cio-copy -q --sync", {copier, "-q", "--sync", "{src}", "{dst}"}},
       Command{"cp; sync", {"sh", "-c", "cp -- \"$0\" \"$1\" && sync", "{src}", "{dst}"}},
       fixtures.big_file, sizes.big_bytes},
      {"copier.big_file_direct.dd_direct", ">=1.50",
       big + ", O_DIRECT: --direct against dd bs=1M iflag=direct oflag=direct",
       Command{"cio-copy -q --direct", {copier, "-q", "--direct", "{src}", "{dst}"}},
       Command{
           "dd bs=1M iflag=direct oflag=direct",
           {"dd", "if={src}", "of={dst}", "bs=1M", "iflag=direct", "oflag=direct", "status=none"}},
       fixtures.big_file, sizes.big_bytes},
  };
}

}  // namespace cio::bench
