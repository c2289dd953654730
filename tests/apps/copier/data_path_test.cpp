// Which data path cio-copy takes (--data-path): by default whole files go
// through the ring on ext4 and tmpfs, and a split file's first range
// through copy_file_range while its other ranges are allocated (fallocate)
// and read into a mapping; with copy-range whole files go through
// copy_file_range, and where the kernel refuses it (EXDEV across
// filesystems) every block falls back to reads and writes through the
// ring; the options that need the bytes in user space never use it. Also
// the named temporaries used where O_TMPFILE is refused.
#include <gtest/gtest.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "copier_harness.hpp"

namespace cio::testing {
namespace {

struct Traced {
  int exit_code = -1;
  int range_copies = 0;  // copy_file_range calls that copied something
  int refused = 0;       // copy_file_range calls that failed
  int allocations = 0;   // fallocate calls that succeeded
  int range_maps = 0;    // shared mappings of 1 MiB or more (not the rings)
  std::string output;    // what strace and cio-copy printed
};

// One call in a `strace -f` log line: "PID  name(args) = result" (the
// result may be padded).
struct TracedCall {
  std::string name;
  std::string args;
  std::string result;
};

std::optional<TracedCall> parse_call(const std::string& line) {
  const size_t name_begin = line.find_first_not_of(' ', line.find(' '));
  const size_t name_end = line.find('(', name_begin);
  const size_t equals = line.rfind(" = ");
  if (name_end == std::string::npos || equals == std::string::npos) return std::nullopt;
  const size_t close = line.rfind(')', equals);
  if (close == std::string::npos || close < name_end) return std::nullopt;
  return TracedCall{line.substr(name_begin, name_end - name_begin),
                    line.substr(name_end + 1, close - name_end - 1), line.substr(equals + 3)};
}

void count(Traced& traced, const TracedCall& call) {
  const bool failed = call.result.starts_with("-1");
  if (call.name == "copy_file_range") {
    if (failed) ++traced.refused;
    if (!failed && call.result != "0") ++traced.range_copies;
  } else if (call.name == "fallocate" && !failed) {
    ++traced.allocations;
  } else if (call.name == "mmap" && !failed && call.args.find("MAP_SHARED") != std::string::npos) {
    // mmap(NULL, LENGTH, ...): the rings are far smaller than 1 MiB.
    const size_t comma = call.args.find(", ");
    if (comma != std::string::npos && std::stoull(call.args.substr(comma + 2)) >= (1U << 20)) {
      ++traced.range_maps;
    }
  }
}

// Runs cio-copy under strace, counting its copy_file_range, fallocate and
// shared mmap calls; nullopt where strace cannot run here.
std::optional<Traced> trace_copier(const std::vector<std::string>& args, const TempDir& dir) {
  if (std::system("strace -V > /dev/null 2>&1") != 0) return std::nullopt;
  const std::string log = dir.file("strace.log");
  // LeakSanitizer stops the threads with ptrace at exit, which fails (and
  // may abort) under strace; the untraced copier tests check for leaks.
  std::string command =
      "ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 strace -f -qq -e "
      "trace=copy_file_range,fallocate,mmap -o " +
      log + " " CIO_COPY " -q";
  for (const std::string& arg : args) command += " '" + arg + "'";
  const std::string output = dir.file("output.txt");
  const int status = std::system((command + " > " + output + " 2>&1").c_str());
  Traced traced;
  traced.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream printed(output);
  traced.output.assign(std::istreambuf_iterator<char>(printed), {});
  // A call that another thread's call interrupted takes two lines, "PID
  // name(args <unfinished ...>" and "PID <... name resumed>args) = result":
  // joined here.
  std::map<std::string, std::string> unfinished;  // by PID
  std::ifstream lines(log);
  for (std::string line; std::getline(lines, line);) {
    const std::string pid = line.substr(0, line.find(' '));
    if (const size_t cut = line.find(" <unfinished ...>"); cut != std::string::npos) {
      unfinished[pid] = line.substr(0, cut);
      continue;
    }
    if (const size_t resumed = line.find(" resumed>"); resumed != std::string::npos) {
      line = unfinished[pid] + line.substr(resumed + 9);
    }
    if (const auto call = parse_call(line)) count(traced, *call);
  }
  return traced;
}

// Whether `dir` is on a filesystem where copy_file_range copies through the
// page cache (so the default data path is the ring).
bool copies_through_the_page_cache(const TempDir& dir) {
  struct statfs info {};
  if (::statfs(dir.path().c_str(), &info) != 0) return false;
  return info.f_type == EXT4_SUPER_MAGIC || info.f_type == TMPFS_MAGIC;
}

// Copies dir/source to dir/copy-<name> with `options` under strace and
// checks that it succeeded, whole, without a copy_file_range call; false
// where strace cannot run.
bool copies_without_copy_file_range(const TempDir& dir, std::vector<std::string> options,
                                    const std::string& name) {
  const std::string copy = dir.file("copy-" + name);
  options.push_back(dir.file("source"));
  options.push_back(copy);
  const auto traced = trace_copier(options, dir);
  if (!traced) return false;
  EXPECT_EQ(traced->exit_code, 0) << name << "\n" << traced->output;
  EXPECT_EQ(traced->range_copies + traced->refused, 0) << name;
  EXPECT_EQ(checksum(copy), checksum(dir.file("source"))) << name;
  return true;
}

TEST(DataPath, ByDefaultWholeFilesOnExt4AndTmpfsGoThroughTheRing) {
  TempDir dir;
  if (!copies_through_the_page_cache(dir)) GTEST_SKIP() << "the test directory is not ext4/tmpfs";
  write_pattern(dir.file("source"), uint64_t{3} << 20, 19);
  for (const char* mode : {"auto", "ring"}) {
    if (!copies_without_copy_file_range(dir, {"--data-path", mode}, mode)) {
      GTEST_SKIP() << "strace is not available";
    }
  }
}

TEST(DataPath, CopyRangeSendsWholeFilesThroughCopyFileRange) {
  TempDir dir;
  write_pattern(dir.file("source"), uint64_t{3} << 20, 20);
  const auto traced = trace_copier(
      {"--data-path", "copy-range", "--block-size", "1M", dir.file("source"), dir.file("copy")},
      dir);
  if (!traced) GTEST_SKIP() << "strace is not available";
  ASSERT_EQ(traced->exit_code, 0) << traced->output;
  EXPECT_EQ(traced->range_copies, 3);  // one per block
  EXPECT_EQ(traced->refused, 0);
  EXPECT_EQ(checksum(dir.file("copy")), checksum(dir.file("source")));
}

// 40 MiB + 4097 bytes over 2 and 3 shards, in blocks of 1 MiB: the first
// range of ceil(41 / shards) blocks is copied one copy_file_range call per
// block, each other range is allocated once and read into its mapping.
TEST(DataPath, SplitFilesCopyTheFirstRangeAndMapTheOthers) {
  TempDir dir;
  if (!copies_through_the_page_cache(dir)) GTEST_SKIP() << "the test directory is not ext4/tmpfs";
  write_pattern(dir.file("source"), (uint64_t{40} << 20) + 4097, 26);
  for (const int shards : {2, 3}) {
    const std::string copy = dir.file("copy-" + std::to_string(shards));
    const auto traced = trace_copier({"--shards", std::to_string(shards), "--overprovision",
                                      "--block-size", "1M", dir.file("source"), copy},
                                     dir);
    if (!traced) GTEST_SKIP() << "strace is not available";
    ASSERT_EQ(traced->exit_code, 0) << traced->output;
    EXPECT_EQ(traced->range_copies, (41 + shards - 1) / shards) << shards << " shards";
    EXPECT_EQ(traced->refused, 0);
    EXPECT_EQ(traced->allocations, shards - 1) << shards << " shards";
    EXPECT_EQ(traced->range_maps, shards - 1) << shards << " shards";
    EXPECT_EQ(checksum(copy), checksum(dir.file("source"))) << shards << " shards";
  }
}

// --data-path ring writes every range; so does a sparse source, whose
// holes must stay holes: nothing is allocated ahead or mapped.
TEST(DataPath, SplitFilesAreWrittenWithRingOrASparseSource) {
  TempDir dir;
  write_pattern(dir.file("dense"), uint64_t{40} << 20, 27);
  write_sparse(dir.file("sparse"), uint64_t{40} << 20);
  const struct {
    const char* source;
    std::vector<std::string> options;
  } cases[] = {{"dense", {"--data-path", "ring"}}, {"sparse", {}}};
  for (const auto& [source, options] : cases) {
    const std::string copy = dir.file(std::string("copy-") + source);
    std::vector<std::string> args = {"--shards", "2", "--overprovision"};
    args.insert(args.end(), options.begin(), options.end());
    args.insert(args.end(), {dir.file(source), copy});
    const auto traced = trace_copier(args, dir);
    if (!traced) GTEST_SKIP() << "strace is not available";
    ASSERT_EQ(traced->exit_code, 0) << source << "\n" << traced->output;
    EXPECT_EQ(traced->allocations + traced->range_maps, 0) << source;
    EXPECT_EQ(traced->range_copies + traced->refused, 0) << source;
    EXPECT_EQ(checksum(copy), checksum(dir.file(source))) << source;
  }
}

TEST(DataPath, OptionsThatNeedTheBytesUseReadsAndWrites) {
  TempDir dir;
  write_pattern(dir.file("source"), uint64_t{1} << 20, 21);
  for (const char* option : {"--verify", "--fixed-buffers", "--direct"}) {
    if (!copies_without_copy_file_range(dir, {"--data-path", "copy-range", option}, option)) {
      GTEST_SKIP() << "strace is not available";
    }
  }
}

// /tmp and /dev/shm are different filesystems: the kernel answers EXDEV,
// and the copy goes through the ring instead.
TEST(DataPath, AcrossFilesystemsFallsBackToReadsAndWrites) {
  TempDir source_dir;
  std::optional<TempDir> target_dir;
  {
    PreferTmpfs tmpfs;
    target_dir.emplace();
  }
  struct stat source_fs {};
  struct stat target_fs {};
  ::stat(source_dir.path().c_str(), &source_fs);
  ::stat(target_dir->path().c_str(), &target_fs);
  if (source_fs.st_dev == target_fs.st_dev) GTEST_SKIP() << "no second filesystem (/dev/shm)";
  write_pattern(source_dir.file("source"), (uint64_t{5} << 20) + 123, 22);
  const std::string copy = target_dir->file("copy");
  const auto traced = trace_copier(
      {"--data-path", "copy-range", "--block-size", "1M", source_dir.file("source"), copy},
      source_dir);
  if (traced) {
    ASSERT_EQ(traced->exit_code, 0) << traced->output;
    EXPECT_EQ(traced->range_copies, 0);
    EXPECT_EQ(traced->refused, 1);  // once per file, then reads and writes
  } else {
    ASSERT_EQ(run_copier({"-q", source_dir.file("source"), copy}).exit_code, 0);
  }
  EXPECT_EQ(checksum(copy), checksum(source_dir.file("source")));
}

// Where the filesystem has no O_TMPFILE, whole files get named temporaries
// (renamed into place): the copy is whole and nothing is left behind.
TEST(DataPath, WithoutUnnamedFilesNamedTemporariesAreUsed) {
  TempDir dir;
  write_pattern(dir.file("a"), 300000, 23);
  write_pattern(dir.file("b"), 5000, 24);
  std::filesystem::create_directory(dir.file("into"));
  write_pattern(dir.file("into/b"), 100, 25);  // replaced
  ChildOptions refusing;
  refusing.refuse_unnamed_files = true;
  const Outcome outcome = run_copier(
      {"-q", "--backend", "epoll", dir.file("a"), dir.file("b"), dir.file("into")}, refusing);
  if (outcome.exit_code == kCannotFilter) GTEST_SKIP() << "no seccomp filter for this arch";
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  EXPECT_EQ(checksum(dir.file("into/a")), checksum(dir.file("a")));
  EXPECT_EQ(checksum(dir.file("into/b")), checksum(dir.file("b")));
  EXPECT_TRUE(temporaries(dir.file("into")).empty());
}

}  // namespace
}  // namespace cio::testing
