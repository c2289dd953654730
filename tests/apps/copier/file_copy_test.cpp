// cio-copy on single files: every size class and sparse files, through each
// copy mode (O_DIRECT, one to three shards, verify, sync, epoll, ...),
// compared by checksum; plus the options that change the result
// (--preserve), replacing an existing destination and the --fixed-buffers
// fallback.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
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
    {"three_shards_small_blocks", {"--shards", "3", "--overprovision", "--block-size", "64K"}},
    {"direct_two_shards", {"--direct", "--shards", "2", "--overprovision"}},
    {"verify_small_blocks", {"--verify", "--block-size", "64K", "--queue-depth", "4"}},
    {"sync", {"--sync"}},
    {"sync_two_shards", {"--sync", "--shards", "2", "--overprovision"}},
    {"sync_epoll", {"--sync", "--backend", "epoll"}},
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

// /proc files say they are empty; cp copies what they read, and so must
// cio-copy, rather than an empty file, whichever way it moves bytes.
TEST(FileCopyOptions, AFileThatSaysItIsEmptyButIsNotIsCopiedWhole) {
  TempDir dir;
  const std::string pseudo = "/proc/version";
  struct stat info {};
  if (::stat(pseudo.c_str(), &info) != 0 || info.st_size != 0) {
    GTEST_SKIP() << pseudo << " is missing or has a size here";
  }
  // Read to the end, as the copy must have been (the harness's checksum
  // trusts the size).
  auto contents = [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  ASSERT_FALSE(contents(pseudo).empty());
  const std::vector<std::vector<std::string>> modes{
      {}, {"--data-path=copy-range"}, {"--direct"}, {"--verify", "--sync"}};
  for (size_t i = 0; i < modes.size(); ++i) {
    std::vector<std::string> args = modes[i];
    const std::string copy = dir.file("version" + std::to_string(i));
    args.insert(args.end(), {pseudo, copy});
    const Outcome outcome = run_copier(args);
    ASSERT_TRUE(ended_with(outcome, 0, "copied 1 of 1 files")) << i;
    EXPECT_EQ(contents(copy), contents(pseudo)) << i;
  }
  ::close(::open(dir.file("empty").c_str(), O_CREAT | O_WRONLY | O_CLOEXEC, 0644));
  ASSERT_TRUE(ended_with(run_copier({dir.file("empty"), dir.file("still")}), 0, "copied 1 of 1"));
  EXPECT_EQ(std::filesystem::file_size(dir.file("still")), 0u);
}

// The copy is a new inode put in place at once: a hard link to the old
// destination keeps the old content, and a read-only destination in a
// writable directory is replaced like any other.
TEST(FileCopyOptions, AnExistingDestinationIsReplacedByANewFile) {
  TempDir dir;
  write_pattern(dir.file("source"), 300000, 10);
  write_pattern(dir.file("copy"), 1000, 11);
  const uint64_t old_content = checksum(dir.file("copy"));
  ASSERT_EQ(::chmod(dir.file("copy").c_str(), 0444), 0);
  ASSERT_EQ(::link(dir.file("copy").c_str(), dir.file("old").c_str()), 0);
  const Outcome outcome = run_copier({"-q", dir.file("source"), dir.file("copy")});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  EXPECT_EQ(checksum(dir.file("copy")), checksum(dir.file("source")));
  EXPECT_EQ(checksum(dir.file("old")), old_content);
  EXPECT_TRUE(temporaries(dir.path()).empty());
}

// Without CAP_IPC_LOCK, io_uring counts its rings and registered buffers
// against RLIMIT_MEMLOCK: 2 MiB leaves room for the rings but not for the
// 16 MiB of block buffers a shard registers, and the copier warns once and
// copies with plain reads and writes.
TEST(FileCopyOptions, FixedBuffersFallBackWhenRegisteringIsRefused) {
  TempDir dir;
  write_pattern(dir.file("source"), uint64_t{5} << 20, 12);
  const Outcome outcome =
      run_copier({"--fixed-buffers", "--block-size", "1M", "--queue-depth", "16", "--shards", "2",
                  "--overprovision", dir.file("source"), dir.file("copy")},
                 with_memlock_limit(uint64_t{2} << 20));
  if (outcome.exit_code == kCannotDropIpcLock) {
    GTEST_SKIP() << "cannot drop CAP_IPC_LOCK here (needs CAP_SETPCAP), so RLIMIT_MEMLOCK "
                    "would not apply";
  }
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  const std::string warning = "--fixed-buffers: registering the block buffers failed";
  const size_t first = outcome.output.find(warning);
  ASSERT_NE(first, std::string::npos) << outcome.output;
  EXPECT_EQ(outcome.output.find(warning, first + 1), std::string::npos) << outcome.output;
  EXPECT_EQ(checksum(dir.file("copy")), checksum(dir.file("source")));
}

}  // namespace
}  // namespace cio::testing
