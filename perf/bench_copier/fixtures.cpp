#include "fixtures.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <stdexcept>
#include <vector>

namespace cio::bench {
namespace {

constexpr size_t kChunk = size_t{1} << 20;

std::vector<char> random_bytes(size_t size, unsigned seed) {
  std::mt19937_64 generator(seed);
  std::vector<char> bytes(size);
  for (size_t i = 0; i + 8 <= size; i += 8) {
    const uint64_t word = generator();
    std::copy_n(reinterpret_cast<const char*>(&word), 8, bytes.data() + i);
  }
  return bytes;
}

// Writes `size` bytes taken from `pattern`, starting `shift` words in and
// wrapping, so that files and chunks differ from one another.
void write_file(const std::string& path, const std::vector<char>& pattern, uint64_t size,
                size_t shift) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error("cannot create " + path);
  const size_t window = pattern.size() - kChunk;
  for (uint64_t done = 0, chunk = 0; done < size; done += kChunk, ++chunk) {
    const size_t length = static_cast<size_t>(std::min<uint64_t>(kChunk, size - done));
    const char* data = pattern.data() + (shift + chunk) * 8 % window;
    if (::write(fd, data, length) != static_cast<ssize_t>(length)) {
      ::close(fd);
      throw std::runtime_error("cannot write " + path);
    }
  }
  ::close(fd);
}

// `files` files of `size` bytes, dealt over kTreeDirectories directories.
void write_tree(const std::string& root, int files, uint64_t size,
                const std::vector<char>& pattern) {
  for (int dir = 0; dir < kTreeDirectories; ++dir) {
    std::filesystem::create_directories(root + "/d" + std::to_string(dir));
  }
  for (int file = 0; file < files; ++file) {
    const std::string path =
        root + "/d" + std::to_string(file % kTreeDirectories) + "/f" + std::to_string(file);
    write_file(path, pattern, size, static_cast<size_t>(file));
  }
}

void read_file(const std::string& path, std::vector<char>& buffer) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  while (fd >= 0 && ::read(fd, buffer.data(), buffer.size()) > 0) {
  }
  if (fd >= 0) ::close(fd);
}

}  // namespace

Fixtures make_fixtures(const std::string& base, const FixtureSizes& sizes) {
  std::string dir = base + "/cio-bench-copier-XXXXXX";
  if (::mkdtemp(dir.data()) == nullptr) throw std::runtime_error("mkdtemp under " + base);
  Fixtures fixtures{dir, dir + "/big", dir + "/small", dir + "/medium"};
  const std::vector<char> pattern = random_bytes(2 * kChunk, 1);
  write_file(fixtures.big_file, pattern, sizes.big_bytes, 0);
  write_tree(fixtures.small_tree, sizes.small_files, kSmallFile, pattern);
  write_tree(fixtures.medium_tree, sizes.medium_files, kMediumFile, pattern);
  return fixtures;
}

void warm(const std::string& path) {
  std::vector<char> buffer(kChunk);
  if (!std::filesystem::is_directory(path)) return read_file(path, buffer);
  for (const auto& entry : std::filesystem::recursive_directory_iterator(path)) {
    if (entry.is_regular_file()) read_file(entry.path().string(), buffer);
  }
}

void remove_fixtures(const Fixtures& fixtures) {
  std::error_code ignored;
  std::filesystem::remove_all(fixtures.dir, ignored);
}

}  // namespace cio::bench
