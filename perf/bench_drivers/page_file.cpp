#include "page_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <random>
#include <string>
#include <system_error>

namespace cio::bench {
namespace {

[[noreturn]] void fail(const char* what) {
  throw std::system_error(errno, std::system_category(), what);
}

void write_all(int fd, const char* data, size_t size, uint64_t offset) {
  while (size > 0) {
    const ssize_t n = pwrite(fd, data, size, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("pwrite temp file");
    data += n;
    size -= static_cast<size_t>(n);
    offset += static_cast<uint64_t>(n);
  }
}

// Reads the whole file once so every page is cached.
void warm(int fd) {
  std::vector<char> chunk(1 << 20);
  for (uint64_t at = 0; at < kFileSize;) {
    const ssize_t n = pread(fd, chunk.data(), chunk.size(), static_cast<off_t>(at));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("pread temp file");
    at += static_cast<uint64_t>(n);
  }
}

}  // namespace

const CachedFile& CachedFile::shared() {
  static const CachedFile file;
  return file;
}

CachedFile::CachedFile() {
  char path[] = "/tmp/cio-bench-drivers-XXXXXX";
  const int fd = mkostemp(path, O_CLOEXEC);
  if (fd < 0) fail("mkostemp /tmp/cio-bench-drivers-XXXXXX");
  // Unlinked at once, so nothing is left behind however the process ends;
  // the pages stay cached while fd_ keeps the inode open.
  unlink(path);
  fd_ = fd;
  std::vector<char> chunk(1 << 20);
  for (uint64_t at = 0; at < kFileSize; at += chunk.size()) {
    for (size_t block = 0; block < chunk.size(); block += kBlockSize) {
      const uint64_t index = (at + block) / kBlockSize;
      std::memcpy(chunk.data() + block, &index, sizeof(index));
    }
    write_all(fd, chunk.data(), chunk.size(), at);
  }
  warm(fd);
  std::mt19937_64 random(20240601);
  std::uniform_int_distribution<uint64_t> pick(0, kFileSize / kBlockSize - 1);
  offsets_.resize(kOffsetCount);
  for (uint64_t& offset : offsets_) offset = pick(random) * kBlockSize;
}

CachedFile::~CachedFile() { close(fd_); }

int CachedFile::open_fd() const {
  // A fresh open file description, so flags one side sets (O_NONBLOCK from
  // an epoll attach) never reach the other.
  const std::string path = "/proc/self/fd/" + std::to_string(fd_);
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail("open temp file");
  return fd;
}

BlockBuffers::BlockBuffers(uint32_t count) {
  void* memory = nullptr;
  if (posix_memalign(&memory, kBlockSize, size_t{count} * kBlockSize) != 0) {
    throw std::bad_alloc();
  }
  std::memset(memory, 0, size_t{count} * kBlockSize);
  memory_.reset(static_cast<char*>(memory));
}

void BlockBuffers::Free::operator()(char* memory) const noexcept { std::free(memory); }

}  // namespace cio::bench
