// The smallest CompleteIO program: read a file to the end through the
// runtime (io_uring, or epoll where io_uring is blocked) and count its lines.
//
//   read_file PATH
#include <algorithm>
#include <cstdio>
#include <string>

#include <cio/core/runtime.hpp>
#include <cio/fs/file.hpp>

cio::Task<int> count_lines(std::string path) {
  auto file = co_await cio::fs::File::open(path);
  if (!file) {
    std::fprintf(stderr, "read_file: %s: %s\n", path.c_str(), file.describe().c_str());
    co_return 1;
  }
  auto bytes = co_await file->read_to_end_at(0);
  if (!bytes) {
    std::fprintf(stderr, "read_file: %s: %s\n", path.c_str(), bytes.describe().c_str());
    co_return 1;
  }
  const auto lines = std::count(bytes->begin(), bytes->end(), std::byte{'\n'});
  std::printf("%s: %zu bytes, %td lines\n", path.c_str(), bytes->size(), lines);
  co_return 0;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: read_file PATH\n");
    return 2;
  }
  return cio::block_on(count_lines(argv[1]));
}
