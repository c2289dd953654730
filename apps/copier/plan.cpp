// Operand resolution with cp's rules: one SRC to a file path or into a
// directory, several SRCs into a directory, -r for trees.
#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "planner.hpp"

namespace cio::copier {
namespace {

std::string_view without_trailing_slashes(std::string_view path) {
  while (path.size() > 1 && path.ends_with('/')) path.remove_suffix(1);
  return path;
}

std::string base_name(std::string_view path) {
  path = without_trailing_slashes(path);
  const size_t slash = path.rfind('/');
  return std::string(slash == path.npos ? path : path.substr(slash + 1));
}

// realpath(3), or "" if the path does not resolve.
std::string real_path(const std::string& path) {
  std::unique_ptr<char, decltype(&std::free)> resolved(::realpath(path.c_str(), nullptr),
                                                       &std::free);
  return resolved ? std::string(resolved.get()) : std::string();
}

bool same_file(const struct stat& a, const struct stat& b) {
  return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

}  // namespace

std::string join_path(std::string_view dir, std::string_view name) {
  std::string path(dir);
  if (!path.ends_with('/')) path += '/';
  return path.append(name);
}

std::string error_text(int error) { return std::strerror(error); }

std::string parent_dir(std::string_view path) {
  path = without_trailing_slashes(path);
  const size_t slash = path.rfind('/');
  if (slash == path.npos) return ".";
  return slash == 0 ? "/" : std::string(path.substr(0, slash));
}

void Planner::error(const std::string& text) {
  console_.error(text);
  ++plan_.errors;
}

void Planner::add_operand(const std::string& source, const std::string& target) {
  struct stat info {};
  const int status =
      options_.recursive ? ::lstat(source.c_str(), &info) : ::stat(source.c_str(), &info);
  if (status != 0) return error("cannot stat '" + source + "': " + error_text(errno));
  if (S_ISDIR(info.st_mode)) {
    if (!options_.recursive) return error("-r not specified; omitting directory '" + source + "'");
    if (check_tree_target(source, target)) roots_.push_back(PendingDirectory{source, target, info});
  } else if (S_ISREG(info.st_mode) || S_ISLNK(info.st_mode)) {
    if (check_file_target(source, target, info)) {
      add_file(source, target, info, static_cast<uint32_t>(plan_.files.size()));
    }
  } else {
    add_special(source);
  }
}

bool Planner::check_file_target(const std::string& source, const std::string& target,
                                const struct stat& info) {
  struct stat existing {};
  const bool link = S_ISLNK(info.st_mode);
  if ((link ? ::lstat(target.c_str(), &existing) : ::stat(target.c_str(), &existing)) == 0) {
    if (same_file(existing, info)) {
      error("'" + source + "' and '" + target + "' are the same file");
      return false;
    }
    if (!S_ISDIR(existing.st_mode)) return true;
    error("cannot overwrite directory '" + target + "' with non-directory '" + source + "'");
    return false;
  }
  const std::string parent = parent_dir(target);
  struct stat dir {};
  if (::stat(parent.c_str(), &dir) != 0) {
    error("cannot create '" + target + "': destination directory '" + parent +
          "': " + error_text(errno));
    return false;
  }
  if (S_ISDIR(dir.st_mode) && !target.ends_with('/')) return true;
  error("cannot create '" + target + "': " + error_text(ENOTDIR));
  return false;
}

bool Planner::check_tree_target(const std::string& source, const std::string& target) {
  struct stat existing {};
  const bool exists = ::stat(target.c_str(), &existing) == 0;
  if (exists && !S_ISDIR(existing.st_mode)) {
    error("cannot overwrite non-directory '" + target + "' with directory '" + source + "'");
    return false;
  }
  const std::string parent = parent_dir(target);
  const std::string real_parent = real_path(parent);
  if (!exists && real_parent.empty()) {
    error("cannot create directory '" + target + "': destination directory '" + parent +
          "': " + error_text(errno));
    return false;
  }
  const std::string resolved =
      exists ? real_path(target) : join_path(real_parent, base_name(target));
  const std::string real_source = real_path(source);
  if (resolved == real_source || resolved.starts_with(join_path(real_source, ""))) {
    error("cannot copy a directory, '" + source + "', into itself, '" + target + "'");
    return false;
  }
  return true;
}

void Planner::add_file(const std::string& source, const std::string& target,
                       const struct stat& info, uint32_t home) {
  const bool link = S_ISLNK(info.st_mode);
  plan_.files.push_back(FileEntry{source, target, static_cast<uint64_t>(info.st_size),
                                  info.st_mode & 07777,
                                  link ? FileEntry::Kind::link : FileEntry::Kind::file, home});
  if (!link) plan_.bytes += static_cast<uint64_t>(info.st_size);
}

void Planner::add_special(const std::string& source) {
  console_.warn("skipping '" + source + "': not a regular file, directory or symlink");
  ++plan_.skipped;
}

void Planner::resolve(const std::vector<std::string>& operands) {
  const std::string& destination = operands.back();
  struct stat info {};
  const bool found = ::stat(destination.c_str(), &info) == 0;
  const int missing = found ? 0 : errno;
  const bool into_directory = found && S_ISDIR(info.st_mode);
  if (operands.size() > 2 && !into_directory) {
    // cp's wording: the reason where the target cannot be found.
    const std::string why = found ? " is not a directory" : ": " + error_text(missing);
    return error("target '" + destination + "'" + why);
  }
  for (size_t i = 0; i + 1 < operands.size() && !stopped(); ++i) {
    const std::string& source = operands[i];
    add_operand(source, into_directory ? join_path(destination, base_name(source)) : destination);
  }
}

}  // namespace cio::copier
