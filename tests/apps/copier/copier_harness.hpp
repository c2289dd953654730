// Helpers for the cio-copy integration tests: run the real binary (with a
// deadline, optionally under a file-size or memlock limit, as an
// unprivileged user or without O_TMPFILE), make source files and trees, and
// compare results by checksum.
#pragma once

#include <gtest/gtest.h>
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <cio/testing/temp_dir.hpp>

namespace cio::testing {

using namespace std::chrono_literals;

// The user an unprivileged child runs as when the tests run as root.
inline constexpr uid_t kNobody = 65534;
// The exit code of a child that could not drop CAP_IPC_LOCK.
inline constexpr int kCannotDropIpcLock = 125;
// The exit code of a child that could not install its seccomp filter.
inline constexpr int kCannotFilter = 124;

struct ChildOptions {
  // RLIMIT_FSIZE in bytes, with SIGXFSZ at its default action (which kills).
  std::optional<uint64_t> file_size_limit;
  // Drop root to kNobody before exec, so permission bits apply.
  bool unprivileged = false;
  // The child's working directory ("": the test's).
  std::string directory;
  // RLIMIT_MEMLOCK in bytes, with CAP_IPC_LOCK (which overrides it) dropped
  // for good; the child exits with kCannotDropIpcLock where it cannot be.
  std::optional<uint64_t> memlock_limit;
  // openat(2) with O_TMPFILE fails with EOPNOTSUPP (a seccomp filter), as on
  // a filesystem without unnamed files. Ops through io_uring bypass it: use
  // it with --backend epoll.
  bool refuse_unnamed_files = false;
};

ChildOptions as_nobody();
ChildOptions with_file_size_limit(uint64_t bytes);
ChildOptions in_directory(std::string directory);
ChildOptions with_memlock_limit(uint64_t bytes);

struct Outcome {
  int exit_code = -1;  // 128 + signal if killed; -1 if it overran the deadline
  std::string output;  // everything it wrote on stdout and stderr
};

// A running cio-copy; killed by the destructor if it is still running.
class CopierProcess {
 public:
  explicit CopierProcess(const std::vector<std::string>& args, const ChildOptions& options = {});
  ~CopierProcess();
  CopierProcess(const CopierProcess&) = delete;
  CopierProcess& operator=(const CopierProcess&) = delete;

  void signal(int signo) const;
  // True while the process has a file open inside `dir`: a named temporary
  // or an unnamed one (which has no entry to look for).
  bool writing_into(const std::string& dir) const;
  // Collects the output until the process exits or `limit` passes (then
  // it is killed and exit_code is -1).
  Outcome wait(std::chrono::milliseconds limit = 30s);

 private:
  pid_t pid_ = -1;
  int output_ = -1;
};

// Runs cio-copy with `args` to the end.
Outcome run_copier(const std::vector<std::string>& args, const ChildOptions& options = {},
                   std::chrono::milliseconds limit = 30s);

// Success when the output holds `text`; else the output, for the report.
::testing::AssertionResult says(const Outcome& outcome, std::string_view text);
// The same, and the run exited with `exit_code`.
::testing::AssertionResult ended_with(const Outcome& outcome, int exit_code, std::string_view text);

// While alive, TempDirs are made on tmpfs (/dev/shm) where there is one:
// after a large tree is deleted, ext4 creates files many times slower for
// minutes, which would make a big tree test's time depend on what ran
// before it.
class PreferTmpfs {
 public:
  PreferTmpfs();
  ~PreferTmpfs();
  PreferTmpfs(const PreferTmpfs&) = delete;
  PreferTmpfs& operator=(const PreferTmpfs&) = delete;

 private:
  std::optional<std::string> saved_;
};

// A temp dir every user may enter (for unprivileged children).
std::string open_dir(const TempDir& dir);

void write_pattern(const std::string& path, size_t size, uint64_t seed);
// A sparse file: holes around three short runs of data.
void write_sparse(const std::string& path, uint64_t size);
uint64_t checksum(const std::string& path);
bool exists(const std::string& path);
// Names in `dir` that look like cio-copy temporaries.
std::vector<std::string> temporaries(const std::string& dir);

// Relative path -> "dir", "link:<target>", "file:<checksum>" or "other",
// for every entry below `root`.
std::map<std::string, std::string> describe_tree(const std::string& root);

}  // namespace cio::testing
