// cio-copy -r: a tree of 10,000 small files in nested directories, with
// symlinks (copied as links) and a FIFO (skipped with a warning), compared
// entry by entry; and the refusals (a directory without -r, a directory
// into itself); directories of uneven sizes spread over the shards; a
// directory the walk cannot read, found while the copy runs.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "copier_harness.hpp"

namespace cio::testing {
namespace {

constexpr int kTop = 10;
constexpr int kNested = 10;
constexpr int kFilesPerDir = 100;  // 10 x 10 x 100 = 10,000 files

// Files of 0..2999 bytes under top/nested/, a relative and a dangling link
// per directory, one empty directory and a FIFO.
void make_tree(const std::string& root) {
  for (int top = 0; top < kTop; ++top) {
    for (int nested = 0; nested < kNested; ++nested) {
      const std::string dir = root + "/t" + std::to_string(top) + "/n" + std::to_string(nested);
      std::filesystem::create_directories(dir);
      for (int file = 0; file < kFilesPerDir; ++file) {
        const int seed = (top * kNested + nested) * kFilesPerDir + file;
        write_pattern(dir + "/f" + std::to_string(file), static_cast<size_t>(seed * 7 % 3000),
                      static_cast<uint64_t>(seed));
      }
      std::filesystem::create_symlink("f0", dir + "/link");
      std::filesystem::create_symlink("/nonexistent/target", dir + "/dangling");
    }
  }
  std::filesystem::create_directories(root + "/empty");
  ASSERT_EQ(::mkfifo((root + "/fifo").c_str(), 0644), 0);
}

TEST(TreeCopy, TenThousandFilesWithDirectoriesAndSymlinks) {
  const PreferTmpfs tmpfs;
  TempDir dir;
  const std::string source = dir.file("source");
  make_tree(source);
  const Outcome outcome =
      run_copier({"-r", "--shards", "2", "--overprovision", source, dir.file("copy")}, {}, 50s);
  ASSERT_TRUE(ended_with(outcome, 0, "copied 10200 of 10200 files, "));
  EXPECT_TRUE(says(outcome, "warning: skipping '" + source + "/fifo'"));
  auto expected = describe_tree(source);
  expected.erase("fifo");
  EXPECT_EQ(describe_tree(dir.file("copy")), expected);
}

// Each directory's files go to one shard first; the shards whose
// directories run out take the rest, so one big directory next to small
// ones is still copied whole, each file once.
TEST(TreeCopy, UnevenDirectoriesOverThreeShards) {
  TempDir dir;
  const std::string source = dir.file("source");
  std::filesystem::create_directories(source + "/big");
  std::filesystem::create_directories(source + "/small/one");
  for (int file = 0; file < 300; ++file) {
    write_pattern(source + "/big/f" + std::to_string(file), static_cast<size_t>(file * 13),
                  static_cast<uint64_t>(file));
  }
  write_pattern(source + "/small/one/f", 5000, 7);
  write_pattern(source + "/top", 100, 8);
  const Outcome outcome = run_copier(
      {"-r", "--shards", "3", "--overprovision", "--queue-depth", "2", source, dir.file("copy")});
  ASSERT_TRUE(ended_with(outcome, 0, "copied 302 of 302 files, "));
  EXPECT_EQ(describe_tree(dir.file("copy")), describe_tree(source));
}

// The walk runs while the shards copy what it has found: an unreadable
// directory stops the copy (files in flight are removed, every file left in
// the copy is whole) unless --keep-going, which copies everything else.
TEST(TreeCopy, AnUnreadableDirectoryStopsTheCopyUnlessKeepGoing) {
  TempDir dir;
  const std::string source = open_dir(dir) + "/source";
  for (const char* sub : {"/a/", "/locked/", "/z/"}) {
    std::filesystem::create_directories(source + sub);
    for (int file = 0; file < 200; ++file) {
      write_pattern(source + sub + "f" + std::to_string(file), static_cast<size_t>(file * 37),
                    static_cast<uint64_t>(file));
    }
  }
  ::chmod((source + "/locked").c_str(), 0);
  const std::string unreadable = "cannot open directory '" + source + "/locked': Permission denied";
  auto expected = describe_tree(source);
  for (const char* mode : {"stop", "go"}) {
    const std::string copy = dir.file(mode);
    std::filesystem::create_directory(copy);
    ::chmod(copy.c_str(), 0777);
    std::vector<std::string> args = {"-r", "--shards", "2", "--overprovision", source, copy};
    if (std::string(mode) == "go") args.insert(args.begin(), "--keep-going");
    const Outcome outcome = run_copier(args, as_nobody());
    EXPECT_TRUE(says(outcome, unreadable));
    EXPECT_TRUE(temporaries(copy).empty());
    for (const auto& [path, what] : describe_tree(copy + "/source")) {
      EXPECT_EQ(what, expected[path]) << path;
    }
    if (std::string(mode) == "stop") {
      EXPECT_TRUE(ended_with(outcome, 1, "stopped at the first error"));
    } else {
      EXPECT_TRUE(ended_with(outcome, 1, "copied 400 of 400 files"));
    }
  }
  ::chmod((source + "/locked").c_str(), 0700);
  std::erase_if(expected, [](const auto& entry) { return entry.first.starts_with("locked/"); });
  EXPECT_EQ(describe_tree(dir.file("go/source")), expected);
}

TEST(TreeCopy, IntoAnExistingDirectoryWithPreservedTimes) {
  TempDir dir;
  const std::string source = dir.file("source");
  std::filesystem::create_directories(source + "/sub");
  write_pattern(source + "/sub/file", 5000, 9);
  const struct timespec times[2] = {{1200000000, 0}, {1200000000, 0}};
  ASSERT_EQ(::utimensat(AT_FDCWD, (source + "/sub").c_str(), times, 0), 0);
  std::filesystem::create_directory(dir.file("into"));
  const Outcome outcome = run_copier({"-rp", "-q", source, dir.file("into")});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  EXPECT_EQ(describe_tree(dir.file("into/source")), describe_tree(source));
  struct stat copied {};
  ::stat(dir.file("into/source/sub").c_str(), &copied);
  EXPECT_EQ(copied.st_mtim.tv_sec, times[1].tv_sec);
}

TEST(TreeCopy, DirectoryWithoutRecursiveIsOmitted) {
  TempDir dir;
  std::filesystem::create_directory(dir.file("source"));
  const Outcome outcome = run_copier({dir.file("source"), dir.file("copy")});
  EXPECT_TRUE(ended_with(outcome, 1, "-r not specified; omitting directory"));
  EXPECT_FALSE(exists(dir.file("copy")));
}

TEST(TreeCopy, DirectoryIntoItselfIsRefused) {
  TempDir dir;
  std::filesystem::create_directories(dir.file("source/inner"));
  const Outcome outcome = run_copier({"-r", dir.file("source"), dir.file("source/inner")});
  EXPECT_TRUE(ended_with(outcome, 1, "into itself"));
  EXPECT_FALSE(exists(dir.file("source/inner/source")));
}

}  // namespace
}  // namespace cio::testing
