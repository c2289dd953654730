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

constexpr int kSpreadDirs = 100;
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

void write_file(const std::string& path, const char* data, size_t size) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0 || ::write(fd, data, size) != static_cast<ssize_t>(size)) {
    throw std::runtime_error("cannot write " + path);
  }
  ::close(fd);
}

// A 1 MiB random chunk, shifted by one word per chunk so no two chunks match.
void write_big(const std::string& path, uint64_t bytes) {
  const std::vector<char> chunk = random_bytes(kChunk + 8 * 1024, 1);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  for (uint64_t done = 0, index = 0; done < bytes; done += kChunk, ++index) {
    const size_t length = static_cast<size_t>(std::min<uint64_t>(kChunk, bytes - done));
    if (::write(fd, chunk.data() + (index % 1024) * 8, length) != static_cast<ssize_t>(length)) {
      throw std::runtime_error("cannot write " + path);
    }
  }
  ::close(fd);
}

// `files` files of 1..8 KiB, in `dirs` directories.
void write_tree(const std::string& root, int files, int dirs) {
  const std::vector<char> bytes = random_bytes(8192 + 4096, 2);
  for (int dir = 0; dir < dirs; ++dir) {
    std::filesystem::create_directories(root + "/d" + std::to_string(dir));
  }
  for (int file = 0; file < files; ++file) {
    const std::string path =
        root + "/d" + std::to_string(file % dirs) + "/f" + std::to_string(file);
    write_file(path, bytes.data() + file % 4096, 1024 + static_cast<size_t>(file * 37 % 7168));
  }
}

void read_all(const std::string& path) {
  std::vector<char> buffer(kChunk);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  while (fd >= 0 && ::read(fd, buffer.data(), buffer.size()) > 0) {
  }
  if (fd >= 0) ::close(fd);
}

}  // namespace

Fixtures make_fixtures(const std::string& base, const FixtureSizes& sizes) {
  std::string dir = base + "/cio-bench-copier-XXXXXX";
  if (::mkdtemp(dir.data()) == nullptr) throw std::runtime_error("mkdtemp under " + base);
  Fixtures fixtures{dir, dir + "/big", dir + "/flat", dir + "/spread"};
  write_big(fixtures.big_file, sizes.big_bytes);
  write_tree(fixtures.flat_tree, sizes.files, 1);
  write_tree(fixtures.spread_tree, sizes.files, kSpreadDirs);
  return fixtures;
}

void warm(const Fixtures& fixtures) {
  read_all(fixtures.big_file);
  for (const std::string& tree : {fixtures.flat_tree, fixtures.spread_tree}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(tree)) {
      if (entry.is_regular_file()) read_all(entry.path().string());
    }
  }
}

void remove_fixtures(const Fixtures& fixtures) {
  std::error_code ignored;
  std::filesystem::remove_all(fixtures.dir, ignored);
}

}  // namespace cio::bench
