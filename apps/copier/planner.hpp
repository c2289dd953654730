// Planner: builds a Plan entry by entry (see plan.hpp). Operand resolution
// is in plan.cpp, the walk of the trees, up to 256 entries per step, in
// tree_walk.cpp.
#pragma once

#include <dirent.h>
#include <sys/stat.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "plan.hpp"

namespace cio::copier {

// "<dir>/<name>", without doubling a slash.
std::string join_path(std::string_view dir, std::string_view name);
// The text of strerror(error).
std::string error_text(int error);
// The directory `path` is in: "." for a bare name, "/" at the root.
std::string parent_dir(std::string_view path);

class Planner {
 public:
  Planner(const CopyOptions& options, Console& console) : options_(options), console_(console) {}

  // Resolves `operands` (SRC... DST) with cp's meaning: a file becomes an
  // entry, a directory (with -r) a tree for walk_next(). Without
  // options.keep_going it stops at the first error.
  void resolve(const std::vector<std::string>& operands);
  // One step of the walk of the trees (the operands' in order, parents
  // before children): adds up to a few hundred entries of the directory
  // being read, making it in the destination first. False once nothing is
  // left or planning has stopped.
  bool walk_next();
  // True once an error ends planning (no --keep-going).
  bool stopped() const noexcept { return plan_.errors > 0 && !options_.keep_going; }
  void error(const std::string& text);
  const Plan& plan() const noexcept { return plan_; }

 private:
  void add_operand(const std::string& source, const std::string& target);
  void add_file(const std::string& source, const std::string& target, const struct stat& info,
                uint32_t home);
  void add_special(const std::string& source);
  bool check_file_target(const std::string& source, const std::string& target,
                         const struct stat& info);
  bool check_tree_target(const std::string& source, const std::string& target);
  struct PendingDirectory {
    std::string source;
    std::string target;
    struct stat info;
  };
  // The directory being read, between steps.
  struct OpenDirectory {
    std::unique_ptr<DIR, int (*)(DIR*)> stream{nullptr, &::closedir};
    std::string source;
    std::string target;
    uint32_t home = 0;  // the key of its files (see FileEntry)
  };

  // tree_walk.cpp
  // Makes the directory and opens it for reading; false after an error.
  bool open_directory(const PendingDirectory& directory);
  // Adds the next entries of reading_ (its subdirectories go to pending_);
  // closes it at the end.
  void read_entries();
  bool make_directory(const std::string& target, const struct stat& info);

  const CopyOptions& options_;
  Console& console_;
  Plan plan_;
  std::vector<PendingDirectory> roots_;  // the trees named, in order
  size_t next_root_ = 0;
  std::vector<PendingDirectory> pending_;  // directories of the current tree still to walk
  OpenDirectory reading_;                  // stream null: none
};

}  // namespace cio::copier
