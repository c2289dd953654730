// cio-copy's safety promises: a signal mid-copy leaves no partial file; each
// error (EFBIG, ENOSPC, EACCES, a missing source or destination directory,
// a file onto itself) is one clear message naming the path, a non-zero
// exit, and no temporary left behind; --keep-going decides whether the
// other files are still copied.
//
// The tests run as root, which ignores permission bits: for EACCES the
// child drops to the user "nobody" before exec (ChildOptions::unprivileged).
// ENOSPC and a filesystem without O_DIRECT need a small tmpfs / ramfs
// mount; without the right to mount, those tests are skipped.
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "copier_harness.hpp"

namespace cio::testing {
namespace {

// A filesystem mounted on `dir` for one test.
class Mount {
 public:
  Mount(const std::string& dir, const char* type, const char* data) : dir_(dir) {
    std::filesystem::create_directory(dir);
    mounted_ = ::mount("none", dir.c_str(), type, 0, data) == 0;
  }
  ~Mount() {
    if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
  }
  Mount(const Mount&) = delete;
  Mount& operator=(const Mount&) = delete;
  bool mounted() const { return mounted_; }

 private:
  std::string dir_;
  bool mounted_ = false;
};

TEST(CopySafety, SigtermMidCopyLeavesNoPartialFile) {
  TempDir dir;
  const std::string source = dir.file("huge");
  std::filesystem::create_directory(dir.file("out"));
  write_sparse(source, uint64_t{4} << 30);
  CopierProcess copier(
      {"--block-size", "4K", "--queue-depth", "1", "--shards", "1", source, dir.file("out")});
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (!copier.writing_into(dir.file("out")) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(1ms);
  }
  ASSERT_TRUE(copier.writing_into(dir.file("out"))) << "the copy never started";
  copier.signal(SIGTERM);
  const Outcome outcome = copier.wait(20s);
  EXPECT_TRUE(ended_with(outcome, 1, "interrupted"));
  EXPECT_TRUE(std::filesystem::is_empty(dir.file("out")));
}

// With --direct the copy's blocks are allocated before the first write, so
// the limit is met there instead.
TEST(CopySafety, FileSizeLimitGivesACleanEfbig) {
  TempDir dir;
  write_pattern(dir.file("source"), 4 << 20, 1);
  for (const char* direct : {"--direct=off", "--direct"}) {
    const Outcome outcome =
        run_copier({direct, dir.file("source"), dir.file("copy")}, with_file_size_limit(1 << 20));
    EXPECT_TRUE(ended_with(outcome, 1, "error writing '" + dir.file("copy") + "': File too large"))
        << direct;
    EXPECT_FALSE(exists(dir.file("copy"))) << direct;
    EXPECT_TRUE(temporaries(dir.path()).empty()) << direct;
  }
}

// The summary counts the bytes of files put in place, not the megabyte that
// went into the temporary of a file that then failed.
TEST(CopySafety, TheSummaryLeavesOutTheBytesOfAFailedFile) {
  TempDir dir;
  write_pattern(dir.file("big"), 4 << 20, 9);
  write_pattern(dir.file("small"), 5000, 10);
  std::filesystem::create_directory(dir.file("out"));
  const Outcome outcome = run_copier({"--keep-going", "--direct=off", "--block-size", "64K",
                                      dir.file("big"), dir.file("small"), dir.file("out")},
                                     with_file_size_limit(1 << 20));
  EXPECT_TRUE(ended_with(outcome, 1, "copied 1 of 2 files, 4.9 KiB in"));
  EXPECT_TRUE(temporaries(dir.file("out")).empty());
}

TEST(CopySafety, UnreadableSourceIsNamed) {
  TempDir dir;
  const std::string source = open_dir(dir) + "/secret";
  write_pattern(source, 100, 2);
  ::chmod(source.c_str(), 0);
  std::filesystem::create_directory(dir.file("out"));
  ::chmod(dir.file("out").c_str(), 0777);
  const Outcome outcome = run_copier({source, dir.file("out")}, as_nobody());
  EXPECT_TRUE(ended_with(outcome, 1, "cannot open '" + source + "': Permission denied"));
  EXPECT_TRUE(std::filesystem::is_empty(dir.file("out")));
}

// Every range of a split file reopens its temporary: it gets the source's
// mode (less the umask) only when it is placed.
TEST(CopySafety, AReadOnlyLargeFileIsCopiedByAnUnprivilegedUser) {
  TempDir dir;
  const std::string source = open_dir(dir) + "/source";
  write_pattern(source, 40 << 20, 9);
  ::chmod(source.c_str(), 0444);
  std::filesystem::create_directory(dir.file("out"));
  ::chmod(dir.file("out").c_str(), 0777);
  const std::string copy = dir.file("out/copy");
  const Outcome outcome =
      run_copier({"-q", "--shards", "2", "--overprovision", source, copy}, as_nobody());
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  EXPECT_EQ(checksum(copy), checksum(source));
  const mode_t mask = ::umask(0);
  ::umask(mask);
  struct stat info {};
  ASSERT_EQ(::stat(copy.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0444 & ~mask);
}

TEST(CopySafety, ReadOnlyDestinationIsNamed) {
  TempDir dir;
  write_pattern(open_dir(dir) + "/source", 100, 3);
  std::filesystem::create_directory(dir.file("locked"));
  ::chmod(dir.file("locked").c_str(), 0555);
  const Outcome outcome = run_copier({dir.file("source"), dir.file("locked/copy")}, as_nobody());
  EXPECT_TRUE(
      ended_with(outcome, 1, "cannot create '" + dir.file("locked/copy") + "': Permission denied"));
  EXPECT_TRUE(std::filesystem::is_empty(dir.file("locked")));
}

TEST(CopySafety, MissingSourceAndMissingDestinationDirectoryAreNamed) {
  TempDir dir;
  const Outcome missing = run_copier({dir.file("nothing"), dir.file("copy")});
  EXPECT_TRUE(ended_with(missing, 1,
                         "cannot stat '" + dir.file("nothing") + "': No such file or directory"));
  write_pattern(dir.file("source"), 10, 4);
  const Outcome no_dir = run_copier({dir.file("source"), dir.file("nodir/copy")});
  EXPECT_TRUE(ended_with(
      no_dir, 1, "destination directory '" + dir.file("nodir") + "': No such file or directory"));
  // Several sources need a directory: a missing one is named with the reason.
  const Outcome several = run_copier({dir.file("source"), dir.file("source"), dir.file("nodir")});
  EXPECT_TRUE(
      ended_with(several, 1, "target '" + dir.file("nodir") + "': No such file or directory"));
  const Outcome onto_file =
      run_copier({dir.file("source"), dir.file("source"), dir.file("source")});
  EXPECT_TRUE(ended_with(onto_file, 1, "target '" + dir.file("source") + "' is not a directory"));
  EXPECT_FALSE(exists(dir.file("nodir")));
}

TEST(CopySafety, AFileIsNotCopiedOntoItself) {
  TempDir dir;
  write_pattern(dir.file("source"), 1000, 5);
  const uint64_t before = checksum(dir.file("source"));
  ASSERT_EQ(::link(dir.file("source").c_str(), dir.file("hardlink").c_str()), 0);
  for (const std::string& target : {dir.file("source"), dir.path(), dir.file("hardlink")}) {
    const Outcome outcome = run_copier({dir.file("source"), target});
    EXPECT_TRUE(ended_with(outcome, 1, "are the same file"));
  }
  EXPECT_EQ(checksum(dir.file("source")), before);
}

TEST(CopySafety, KeepGoingDecidesWhetherTheOtherFilesAreCopied) {
  TempDir dir;
  write_pattern(dir.file("good"), 5000, 6);
  std::filesystem::create_directory(dir.file("stop"));
  std::filesystem::create_directory(dir.file("go"));
  const Outcome stopped = run_copier({dir.file("missing"), dir.file("good"), dir.file("stop")});
  EXPECT_TRUE(ended_with(stopped, 1, "stopped at the first error"));
  EXPECT_TRUE(std::filesystem::is_empty(dir.file("stop")));
  const Outcome went_on =
      run_copier({"--keep-going", dir.file("missing"), dir.file("good"), dir.file("go")});
  EXPECT_TRUE(ended_with(went_on, 1, "copied 1 of 1 files"));
  EXPECT_EQ(checksum(dir.file("go/good")), checksum(dir.file("good")));
}

TEST(CopySafety, NoSpaceIsNamedAndLeavesNothing) {
  TempDir dir;
  Mount small(dir.file("small"), "tmpfs", "size=1m");
  if (!small.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here (needs CAP_SYS_ADMIN)";
  write_pattern(dir.file("source"), 4 << 20, 7);
  for (const char* direct : {"--direct=off", "--direct"}) {
    const Outcome outcome = run_copier({direct, dir.file("source"), dir.file("small")});
    EXPECT_TRUE(ended_with(
        outcome, 1, "error writing '" + dir.file("small") + "/source': No space left on device"))
        << direct;
    EXPECT_TRUE(std::filesystem::is_empty(dir.file("small"))) << direct;
  }
}

// A split file whose copy does not fit: with the source on the same small
// tmpfs, the first range fails in copy_file_range and the second when its
// blocks are allocated, but the file is reported once.
TEST(CopySafety, NoSpaceForASplitFileIsNamedOnce) {
  TempDir dir;
  Mount small(dir.file("small"), "tmpfs", "size=48m");
  if (!small.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here (needs CAP_SYS_ADMIN)";
  const std::string source = dir.file("small/source");
  write_pattern(source, 40 << 20, 8);
  const Outcome outcome =
      run_copier({"--shards", "2", "--overprovision", source, dir.file("small/copy")});
  const std::string message =
      "error writing '" + dir.file("small/copy") + "': No space left on device";
  EXPECT_TRUE(ended_with(outcome, 1, message));
  const size_t first = outcome.output.find(message);
  EXPECT_EQ(outcome.output.find(message, first + 1), std::string::npos) << outcome.output;
  EXPECT_TRUE(says(outcome, "copied 0 of 1 files, 0 B in")) << "its ranges' bytes taken back";
  std::vector<std::string> left;
  for (const auto& entry : std::filesystem::directory_iterator(dir.file("small"))) {
    left.push_back(entry.path().filename());
  }
  EXPECT_EQ(left, std::vector<std::string>{"source"});
}

TEST(CopySafety, DirectFallsBackWhereRefusedUnlessRequired) {
  TempDir dir;
  Mount ram(dir.file("ram"), "ramfs", nullptr);
  if (!ram.mounted()) GTEST_SKIP() << "cannot mount a ramfs here (needs CAP_SYS_ADMIN)";
  write_pattern(dir.file("source"), 100000, 8);
  const Outcome fallback = run_copier({"--direct", dir.file("source"), dir.file("ram/copy")});
  // Named as the destination, not as the directory its temporary is made in.
  EXPECT_TRUE(ended_with(fallback, 0, "warning: O_DIRECT refused for '" + dir.file("ram/copy")));
  EXPECT_EQ(checksum(dir.file("ram/copy")), checksum(dir.file("source")));
  const Outcome required =
      run_copier({"--direct=require", dir.file("source"), dir.file("ram/strict")});
  EXPECT_TRUE(ended_with(required, 1, "--direct=require"));
  EXPECT_FALSE(exists(dir.file("ram/strict")));
  EXPECT_TRUE(temporaries(dir.file("ram")).empty());
}

}  // namespace
}  // namespace cio::testing
