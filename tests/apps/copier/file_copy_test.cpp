// cio-copy on single files: every size class and sparse files, through each
// copy mode (O_DIRECT, one and two shards, verify, epoll, ...), compared by
// checksum; plus the options that change the result (--preserve).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "copier_harness.hpp"

namespace cio::testing {
namespace {

struct SizeCase {
  const char* name;
  uint64_t bytes;
  bool sparse;
};

struct ModeCase {
  const char* name;
  std::vector<std::string> flags;
};

const SizeCase kSizes[] = {
    {"empty", 0, false},
    {"one_byte", 1, false},
    {"page_less_one", 4095, false},
    {"page", 4096, false},
    {"page_plus_one", 4097, false},
    {"sixty_four_mib", uint64_t{64} << 20, false},
    {"sparse_96_mib", uint64_t{96} << 20, true},
};

const ModeCase kModes[] = {
    {"defaults", {}},
    {"direct", {"--direct"}},
    {"one_shard", {"--shards", "1"}},
    {"two_shards", {"--shards", "2", "--overprovision"}},
    {"direct_two_shards", {"--direct", "--shards", "2", "--overprovision"}},
    {"verify_small_blocks", {"--verify", "--block-size", "64K", "--queue-depth", "4"}},
    {"sync", {"--sync"}},
    {"fixed_buffers_verify", {"--fixed-buffers", "--verify"}},
    {"fixed_buffers_direct_two_shards",
     {"--fixed-buffers", "--direct", "--shards", "2", "--overprovision"}},
    {"epoll_two_shards", {"--backend", "epoll", "--shards", "2", "--overprovision"}},
};

uint64_t allocated_bytes(const std::string& path) {
  struct stat info {};
  ::stat(path.c_str(), &info);
  return static_cast<uint64_t>(info.st_blocks) * 512;
}

class FileCopy : public ::testing::TestWithParam<std::tuple<SizeCase, ModeCase>> {};

TEST_P(FileCopy, CopyHasTheSameChecksum) {
  const auto& [size, mode] = GetParam();
  TempDir dir;
  const std::string source = dir.file("source");
  const std::string copy = dir.file("copy");
  if (size.sparse) {
    write_sparse(source, size.bytes);
  } else {
    write_pattern(source, size.bytes, size.bytes);
  }
  std::vector<std::string> args = mode.flags;
  args.insert(args.end(), {"--quiet", source, copy});
  const Outcome outcome = run_copier(args);
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  EXPECT_EQ(outcome.output, "");
  EXPECT_EQ(std::filesystem::file_size(copy), size.bytes);
  EXPECT_EQ(checksum(copy), checksum(source));
  EXPECT_TRUE(temporaries(dir.path()).empty());
  if (size.sparse) {
    EXPECT_LT(allocated_bytes(copy), size.bytes / 8) << "holes were filled";
  }
}

INSTANTIATE_TEST_SUITE_P(SizesAndModes, FileCopy,
                         ::testing::Combine(::testing::ValuesIn(kSizes),
                                            ::testing::ValuesIn(kModes)),
                         [](const auto& info) {
                           return std::string(std::get<0>(info.param).name) + "_" +
                                  std::get<1>(info.param).name;
                         });

TEST(FileCopyOptions, PreserveKeepsModeAndTimes) {
  TempDir dir;
  const std::string source = dir.file("source");
  write_pattern(source, 10000, 2);
  ::chmod(source.c_str(), 0750);
  const struct timespec times[2] = {{1000000000, 5}, {1000000000, 123456789}};
  ASSERT_EQ(::utimensat(AT_FDCWD, source.c_str(), times, 0), 0);
  ASSERT_EQ(run_copier({"-p", "-q", source, dir.file("kept")}).exit_code, 0);
  ASSERT_EQ(run_copier({"-q", source, dir.file("plain")}).exit_code, 0);
  struct stat kept {};
  struct stat plain {};
  ::stat(dir.file("kept").c_str(), &kept);
  ::stat(dir.file("plain").c_str(), &plain);
  EXPECT_EQ(kept.st_mode & 07777, 0750U);
  EXPECT_EQ(kept.st_mtim.tv_sec, times[1].tv_sec);
  EXPECT_EQ(kept.st_mtim.tv_nsec, times[1].tv_nsec);
  EXPECT_NE(plain.st_mtim.tv_sec, times[1].tv_sec);
}

TEST(FileCopyOptions, SeveralSourcesGoIntoADirectoryAndReplaceWhatIsThere) {
  TempDir dir;
  std::filesystem::create_directory(dir.file("into"));
  write_pattern(dir.file("a"), 100, 3);
  write_pattern(dir.file("b"), 70000, 4);
  write_pattern(dir.file("into/b"), 5, 5);
  const Outcome outcome = run_copier({dir.file("a"), dir.file("b"), dir.file("into")});
  ASSERT_TRUE(ended_with(outcome, 0, "copied 2 of 2 files"));
  EXPECT_EQ(checksum(dir.file("into/a")), checksum(dir.file("a")));
  EXPECT_EQ(checksum(dir.file("into/b")), checksum(dir.file("b")));
}

}  // namespace
}  // namespace cio::testing
