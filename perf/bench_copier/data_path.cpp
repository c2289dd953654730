// bench-copier-data-path: which way a whole small file's bytes should go,
// measured in one binary. For files of 4 KiB and 256 KiB (warm in the page
// cache), the time of the data step alone, summed over many files, for
//   ring: a read into a buffer, then a write, through the shard's io_uring
//         (fs::File::read_at / write_at, as cio-copy does per block);
//   copy_file_range(2), called on the shard's thread.
// The opens and closes are the same for both and left out. Each repetition
// copies into new files in a fresh directory (nothing is deleted until the
// end); the ratio is copy_file_range's time over the ring's: at least 1
// means the ring keeps its place as cio-copy's data path.
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include <cio/core/runtime.hpp>
#include <cio/fs/aligned_buffer.hpp>
#include <cio/fs/file.hpp>
#include <cio/perf/compare.hpp>
#include <cio/perf/options.hpp>

namespace {

using Clock = std::chrono::steady_clock;

struct Case {
  const char* name;
  size_t bytes;
  int files;
};

// `c.files` files of `c.bytes` in `dir`, each with its own bytes.
std::vector<std::string> make_sources(const std::string& dir, const Case& c) {
  std::filesystem::create_directories(dir);
  std::vector<char> data(c.bytes);
  std::vector<std::string> paths;
  for (int i = 0; i < c.files; ++i) {
    for (size_t j = 0; j < data.size(); ++j) data[j] = static_cast<char>(i * 31 + j * 7);
    paths.push_back(dir + "/f" + std::to_string(i));
    const int fd = ::open(paths.back().c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    const bool written =
        fd >= 0 && ::write(fd, data.data(), data.size()) == static_cast<ssize_t>(data.size());
    if (fd >= 0) ::close(fd);
    if (!written) throw std::runtime_error("cannot write " + paths.back());
  }
  return paths;
}

std::string target_path(const std::string& out, size_t i) { return out + "/f" + std::to_string(i); }

double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

cio::Task<double> ring_copy(const std::vector<std::string>& sources, size_t bytes,
                            std::string out) {
  auto buffer = cio::fs::AlignedBuffer::allocate(bytes, 4096);
  if (!buffer) throw std::runtime_error("allocating the buffer");
  Clock::duration spent{};
  for (size_t i = 0; i < sources.size(); ++i) {
    auto source = co_await cio::fs::File::open(sources[i], {.read = true});
    auto target =
        co_await cio::fs::File::open(target_path(out, i), {.write = true, .exclusive = true});
    if (!source || !target) throw std::runtime_error("cannot open " + sources[i] + " or its copy");
    const auto start = Clock::now();
    auto read = co_await source->read_at(buffer->span(), 0);
    if (!read || *read != bytes) throw std::runtime_error("short read");
    auto written = co_await target->write_all_at(buffer->span().first(*read), 0);
    if (!written) throw std::runtime_error("write failed");
    spent += Clock::now() - start;
    (void)co_await source->close();
    (void)co_await target->close();
  }
  co_return seconds(spent);
}

double range_copy(const std::vector<std::string>& sources, size_t bytes, const std::string& out) {
  Clock::duration spent{};
  for (size_t i = 0; i < sources.size(); ++i) {
    const int in = ::open(sources[i].c_str(), O_RDONLY | O_CLOEXEC);
    const int to =
        ::open(target_path(out, i).c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (in < 0 || to < 0) throw std::runtime_error("cannot open " + sources[i] + " or its copy");
    const auto start = Clock::now();
    const ssize_t copied = ::copy_file_range(in, nullptr, to, nullptr, bytes, 0);
    spent += Clock::now() - start;
    ::close(in);
    ::close(to);
    if (copied != static_cast<ssize_t>(bytes)) throw std::runtime_error("copy_file_range failed");
  }
  return seconds(spent);
}

}  // namespace

int main(int argc, char** argv) {
  cio::perf::Options options = cio::perf::parse_options(
      argc, argv, "ring read/write against copy_file_range for whole 4 KiB and 256 KiB files");
  const Case cases[] = {
      {"copier.data_path_4k.copy_file_range", 4096, options.quick ? 500 : 2000},
      {"copier.data_path_256k.copy_file_range", 256 * 1024, options.quick ? 50 : 200}};
  if (options.list) {
    for (const Case& c : cases) std::puts(c.name);
    return 0;
  }
  const char* base = std::getenv("CIO_BENCH_DIR");
  const std::string dir =
      std::string(base != nullptr ? base : "/tmp") + "/cio-data-path-" + std::to_string(::getpid());
  cio::Runtime runtime;
  for (const Case& c : cases) {
    if (std::string(c.name).find(options.filter) == std::string::npos) continue;
    const std::string case_dir = dir + "/" + std::to_string(c.bytes);
    const std::vector<std::string> sources = make_sources(case_dir + "/src", c);
    int fresh = 0;
    auto next_out = [&] {
      const std::string out = case_dir + "/out" + std::to_string(fresh++);
      std::filesystem::create_directory(out);
      return out;
    };
    const auto result = cio::perf::interleave(
        c.name, options.repetitions, "ring read+write",
        [&] { return runtime.block_on(ring_copy(sources, c.bytes, next_out())); },
        "copy_file_range", [&] { return range_copy(sources, c.bytes, next_out()); });
    cio::perf::report(c.name, ">=1.00", "s", cio::perf::Better::lower,
                      {"ring read+write", result.a}, {"copy_file_range", result.b});
  }
  std::filesystem::remove_all(dir);
  return 0;
}
