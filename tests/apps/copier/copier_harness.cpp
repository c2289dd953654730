#include "copier_harness.hpp"

#include <fcntl.h>
#include <grp.h>
#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <utility>

#include "fs/fs_test_util.hpp"

namespace cio::testing {
namespace {

using Clock = std::chrono::steady_clock;

// Removes CAP_IPC_LOCK from the bounding set (so exec cannot give it back,
// even to root) and from the effective, permitted and inheritable sets.
// Async-signal-safe; false where the process may not (no CAP_SETPCAP).
bool drop_ipc_lock() {
  if (::prctl(PR_CAPBSET_DROP, CAP_IPC_LOCK, 0, 0, 0) != 0) return false;
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = {};
  if (::syscall(SYS_capget, &header, data) != 0) return false;
  const uint32_t bit = uint32_t{1} << CAP_IPC_LOCK;  // CAP_IPC_LOCK < 32: in data[0]
  data[0].effective &= ~bit;
  data[0].permitted &= ~bit;
  data[0].inheritable &= ~bit;
  return ::syscall(SYS_capset, &header, data) == 0;
}

// Makes openat(2) with O_TMPFILE fail with EOPNOTSUPP; async-signal-safe.
// False where it cannot (a filter for another architecture).
bool refuse_unnamed_files() {
#if defined(__x86_64__)
  sock_filter program[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_openat, 1, 0),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, args[2])),  // flags, low word
      BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, O_TMPFILE & ~O_DIRECTORY, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EOPNOTSUPP),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  const sock_fprog filter{sizeof(program) / sizeof(program[0]), program};
  return ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 &&
         ::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &filter) == 0;
#else
  return false;
#endif
}

// In the child, between fork and exec: async-signal-safe calls only.
// `binary` was opened before fork: run through it, the binary needs no path
// an unprivileged child may walk (the build tree can sit under a directory
// only root may enter, such as root's home).
[[noreturn]] void exec_child(int binary, const std::vector<char*>& argv,
                             const ChildOptions& options, int output) {
  ::dup2(output, STDOUT_FILENO);
  ::dup2(output, STDERR_FILENO);
  if (options.file_size_limit) {
    ::signal(SIGXFSZ, SIG_DFL);  // as in a shell: cio-copy must ignore it itself
    const rlimit limit{*options.file_size_limit, *options.file_size_limit};
    ::setrlimit(RLIMIT_FSIZE, &limit);
  }
  if (options.memlock_limit) {
    if (!drop_ipc_lock()) ::_exit(kCannotDropIpcLock);
    const rlimit limit{*options.memlock_limit, *options.memlock_limit};
    ::setrlimit(RLIMIT_MEMLOCK, &limit);
  }
  if (options.refuse_unnamed_files && !refuse_unnamed_files()) ::_exit(kCannotFilter);
  if (options.unprivileged && ::geteuid() == 0) {
    if (::setgroups(0, nullptr) != 0 || ::setgid(kNobody) != 0 || ::setuid(kNobody) != 0) {
      ::_exit(126);
    }
  }
  if (!options.directory.empty() && ::chdir(options.directory.c_str()) != 0) ::_exit(126);
  ::fexecve(binary, argv.data(), environ);
  ::_exit(127);
}

}  // namespace

ChildOptions as_nobody() {
  ChildOptions options;
  options.unprivileged = true;
  return options;
}

ChildOptions with_file_size_limit(uint64_t bytes) {
  ChildOptions options;
  options.file_size_limit = bytes;
  return options;
}

ChildOptions in_directory(std::string directory) {
  ChildOptions options;
  options.directory = std::move(directory);
  return options;
}

ChildOptions with_memlock_limit(uint64_t bytes) {
  ChildOptions options;
  options.memlock_limit = bytes;
  return options;
}

CopierProcess::CopierProcess(const std::vector<std::string>& args, const ChildOptions& options) {
  std::vector<std::string> owned{CIO_COPY};
  owned.insert(owned.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : owned) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const int binary = ::open(CIO_COPY, O_RDONLY | O_CLOEXEC);
  if (binary < 0) throw std::runtime_error(std::string("open ") + CIO_COPY);
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    ::close(binary);
    throw std::runtime_error("pipe2");
  }
  pid_ = ::fork();
  if (pid_ == 0) exec_child(binary, argv, options, pipe_fds[1]);
  ::close(binary);
  ::close(pipe_fds[1]);
  output_ = pipe_fds[0];
}

CopierProcess::~CopierProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  if (output_ >= 0) ::close(output_);
}

void CopierProcess::signal(int signo) const { ::kill(pid_, signo); }

bool CopierProcess::writing_into(const std::string& dir) const {
  const std::string inside = std::filesystem::canonical(dir).string() + "/";
  std::error_code error;
  for (const auto& fd :
       std::filesystem::directory_iterator("/proc/" + std::to_string(pid_) + "/fd", error)) {
    const std::filesystem::path target = std::filesystem::read_symlink(fd.path(), error);
    if (!error && target.string().starts_with(inside)) return true;
  }
  return false;
}

Outcome CopierProcess::wait(std::chrono::milliseconds limit) {
  Outcome outcome;
  const auto deadline = Clock::now() + limit;
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    pollfd ready{output_, POLLIN, 0};
    if (left.count() <= 0 || ::poll(&ready, 1, static_cast<int>(left.count())) <= 0) return outcome;
    char buffer[4096];
    const ssize_t got = ::read(output_, buffer, sizeof buffer);
    if (got <= 0) break;  // the child closed its output: it is exiting
    outcome.output.append(buffer, static_cast<size_t>(got));
  }
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return outcome;
}

Outcome run_copier(const std::vector<std::string>& args, const ChildOptions& options,
                   std::chrono::milliseconds limit) {
  CopierProcess process(args, options);
  return process.wait(limit);
}

PreferTmpfs::PreferTmpfs() {
  if (const char* old = std::getenv("TMPDIR")) saved_ = old;
  if (::access("/dev/shm", W_OK) == 0) ::setenv("TMPDIR", "/dev/shm", 1);
}

PreferTmpfs::~PreferTmpfs() {
  if (saved_) {
    ::setenv("TMPDIR", saved_->c_str(), 1);
  } else {
    ::unsetenv("TMPDIR");
  }
}

::testing::AssertionResult says(const Outcome& outcome, std::string_view text) {
  if (outcome.output.find(text) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "no \"" << text << "\" in:\n" << outcome.output;
}

::testing::AssertionResult ended_with(const Outcome& outcome, int exit_code,
                                      std::string_view text) {
  if (outcome.exit_code != exit_code) {
    return ::testing::AssertionFailure()
           << "exit code " << outcome.exit_code << ", not " << exit_code << "; output:\n"
           << outcome.output;
  }
  return says(outcome, text);
}

std::string open_dir(const TempDir& dir) {
  ::chmod(dir.path().c_str(), 0755);
  return dir.path();
}

void write_pattern(const std::string& path, size_t size, uint64_t seed) {
  const std::vector<std::byte> bytes = pattern(size, seed);
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(size));
}

void write_sparse(const std::string& path, uint64_t size) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  const std::vector<std::byte> data = pattern(5000, 7);
  for (const uint64_t offset : {uint64_t{4096}, size / 2 + 123, size - 5000}) {
    if (::pwrite(fd, data.data(), data.size(), static_cast<off_t>(offset)) < 0) break;
  }
  ::close(fd);
}

uint64_t checksum(const std::string& path) {
  std::vector<std::byte> bytes(std::filesystem::file_size(path));
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  size_t done = 0;
  for (ssize_t got = 1; fd >= 0 && got > 0 && done < bytes.size();
       done += static_cast<size_t>(got)) {
    got = ::read(fd, bytes.data() + done, bytes.size() - done);
  }
  if (fd >= 0) ::close(fd);
  return fnv1a(bytes);
}

bool exists(const std::string& path) {
  struct stat info {};
  return ::lstat(path.c_str(), &info) == 0;
}

std::vector<std::string> temporaries(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.find(".cio-") != std::string::npos && name.ends_with(".tmp")) names.push_back(name);
  }
  return names;
}

std::map<std::string, std::string> describe_tree(const std::string& root) {
  std::map<std::string, std::string> tree;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    const std::string relative = entry.path().lexically_relative(root).string();
    if (entry.is_symlink()) {
      tree[relative] = "link:" + std::filesystem::read_symlink(entry.path()).string();
    } else if (entry.is_directory()) {
      tree[relative] = "dir";
    } else if (entry.is_regular_file()) {
      tree[relative] = "file:" + std::to_string(checksum(entry.path().string()));
    } else {
      tree[relative] = "other";
    }
  }
  return tree;
}

}  // namespace cio::testing
