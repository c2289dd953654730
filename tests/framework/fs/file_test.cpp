// fs::File on both backends: write then read back (sizes around a page and
// 64 MiB) with checksums, read_to_end_at, sync_range, unnamed files, and how
// failures are named.
#include <fcntl.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <system_error>
#include <vector>

#include <cio/fs/file.hpp>

#include <cio/testing/co_assert.hpp>
#include <cio/testing/temp_dir.hpp>
#include "fs_test_util.hpp"
#include "runtime_fixture.hpp"

namespace cio::testing {
namespace {

using fs::File;
using fs::OpenOptions;

constexpr OpenOptions kReadWrite{.write = true, .create = true, .truncate = true};

class FileTest : public RuntimeTest {
 protected:
  TempDir dir_;
};
CIO_RUNTIME_TEST_SUITE(FileTest);

// Writes `data` to a fresh file, then reads it back three ways.
Task<void> round_trip(std::string path, std::span<const std::byte> data) {
  auto file = co_await File::open(path, kReadWrite);
  CIO_CO_ASSERT_OK(file);
  CIO_CO_ASSERT_OK(co_await file->write_all_at(data, 0));
  CIO_CO_ASSERT_OK(co_await file->fsync());
  auto size = file->size();
  CIO_CO_ASSERT_OK(size);
  EXPECT_EQ(*size, data.size());

  const uint64_t expected = fnv1a(data);
  std::vector<std::byte> back(data.size());
  CIO_CO_ASSERT_OK(co_await file->read_exact_at(back, 0));
  EXPECT_EQ(fnv1a(back), expected) << data.size() << " bytes";
  auto whole = co_await file->read_to_end_at(0);
  CIO_CO_ASSERT_OK(whole);
  EXPECT_EQ(fnv1a(*whole), expected) << data.size() << " bytes";
  std::byte past_end{};
  auto end = co_await file->read_at(std::span(&past_end, 1), data.size());
  CIO_CO_ASSERT_OK(end);
  EXPECT_EQ(*end, 0U);
  CIO_CO_ASSERT_OK(co_await file->close());
}

TEST_P(FileTest, WriteThenReadBackAroundAPage) {
  for (size_t size : {size_t{0}, size_t{1}, size_t{4095}, size_t{4096}, size_t{4097}}) {
    const auto data = pattern(size, size);
    run(round_trip(dir_.file("page-" + std::to_string(size)), data));
  }
}

TEST_P(FileTest, WriteThenReadBackSixtyFourMiB) {
  const auto data = pattern(size_t{64} << 20, 64);
  run(round_trip(dir_.file("big"), data));
}

TEST_P(FileTest, ReadToEndAtAnOffsetAppendsToTheCallersVector) {
  const std::string path = dir_.file("tail");
  run([&]() -> Task<void> {
    auto file = co_await File::open(path, kReadWrite);
    CIO_CO_ASSERT_OK(file);
    const auto data = pattern(10'000, 5);
    CIO_CO_ASSERT_OK(co_await file->write_all_at(data, 0));
    std::vector<std::byte> out(3, std::byte{0x7f});
    auto appended = co_await file->read_to_end_at(9'000, out);
    CIO_CO_ASSERT_OK(appended);
    EXPECT_EQ(*appended, 1'000U);
    CIO_CO_ASSERT(out.size() == 1'003U);
    EXPECT_EQ(out[0], std::byte{0x7f});
    EXPECT_EQ(fnv1a(std::span(out).subspan(3)), fnv1a(std::span(data).subspan(9'000)));
    auto beyond = co_await file->read_to_end_at(20'000);
    CIO_CO_ASSERT_OK(beyond);
    EXPECT_TRUE(beyond->empty());
  }());
}

TEST_P(FileTest, ReadExactPastTheEndIsUnexpectedEof) {
  const std::string path = dir_.file("short");
  run([&]() -> Task<void> {
    auto file = co_await File::open(path, kReadWrite);
    CIO_CO_ASSERT_OK(file);
    const auto data = pattern(100, 1);
    CIO_CO_ASSERT_OK(co_await file->write_all_at(data, 0));
    std::vector<std::byte> buffer(200);
    auto got = co_await file->read_exact_at(buffer, 0);
    CIO_CO_ASSERT(!got);
    EXPECT_EQ(got.error(), std::errc::no_message_available);
    EXPECT_STREQ(got.operation(), "read_exact_at");
  }());
}

TEST_P(FileTest, OpeningAMissingFileNamesOpen) {
  const std::string path = dir_.file("missing");
  run([&]() -> Task<void> {
    auto file = co_await File::open(path);
    CIO_CO_ASSERT(!file);
    EXPECT_EQ(file.error(), std::errc::no_such_file_or_directory);
    EXPECT_STREQ(file.operation(), "open");
    EXPECT_EQ(file.describe().rfind("open: ", 0), 0U) << file.describe();
  }());
}

TEST_P(FileTest, OptionsAreCheckedBeforeOpening) {
  const std::string path = dir_.file("options");
  run([&]() -> Task<void> {
    auto neither = co_await File::open(path, {.read = false, .create = true});
    EXPECT_EQ(neither.error(), std::errc::invalid_argument);
    auto truncate_read_only = co_await File::open(path, {.create = true, .truncate = true});
    EXPECT_EQ(truncate_read_only.error(), std::errc::invalid_argument);
    auto created = co_await File::open(path, {.write = true, .exclusive = true});
    CIO_CO_ASSERT_OK(created);
    auto again = co_await File::open(path, {.write = true, .exclusive = true});
    EXPECT_EQ(again.error(), std::errc::file_exists);
  }());
}

TEST_P(FileTest, AppendAndFdatasync) {
  const std::string path = dir_.file("log");
  run([&]() -> Task<void> {
    auto file = co_await File::open(path, {.create = true, .append = true});
    CIO_CO_ASSERT_OK(file);
    const auto data = pattern(10, 2);
    CIO_CO_ASSERT_OK(co_await file->write_all_at(data, 0));
    CIO_CO_ASSERT_OK(co_await file->write_all_at(data, 0));  // O_APPEND: offset ignored
    CIO_CO_ASSERT_OK(co_await file->fdatasync());
    EXPECT_EQ(*file->size(), 20U);
  }());
}

TEST_P(FileTest, SyncRangeStartsWritebackAndNamesItsErrors) {
  const std::string path = dir_.file("ranges");
  run([&]() -> Task<void> {
    auto file = co_await File::open(path, kReadWrite);
    CIO_CO_ASSERT_OK(file);
    const auto data = pattern(100'000, 3);
    CIO_CO_ASSERT_OK(co_await file->write_all_at(data, 0));
    CIO_CO_ASSERT_OK(co_await file->sync_range(0, 65536));
    CIO_CO_ASSERT_OK(co_await file->sync_range(65536, 0));
    auto bad = co_await file->sync_range(0, 0, ~0U);
    CIO_CO_ASSERT(!bad);
    EXPECT_EQ(bad.error(), std::errc::invalid_argument);
    EXPECT_STREQ(bad.operation(), "sync_file_range");
  }());
}

TEST_P(FileTest, AnUnnamedFileHasNoNameUntilLinked) {
  const std::string linked = dir_.file("linked");
  run([&]() -> Task<void> {
    auto file = co_await File::open(dir_.path(), {.write = true, .unnamed = true});
    CIO_CO_ASSERT_OK(file);
    const auto data = pattern(5000, 4);
    CIO_CO_ASSERT_OK(co_await file->write_all_at(data, 0));
    EXPECT_TRUE(std::filesystem::is_empty(dir_.path()));
    CIO_CO_ASSERT(::linkat(file->native_handle(), "", AT_FDCWD, linked.c_str(), AT_EMPTY_PATH) ==
                  0);
    CIO_CO_ASSERT_OK(co_await file->close());
    auto back = co_await File::open(linked);
    CIO_CO_ASSERT_OK(back);
    auto whole = co_await back->read_to_end_at(0);
    CIO_CO_ASSERT_OK(whole);
    EXPECT_EQ(fnv1a(*whole), fnv1a(data));
    auto read_only = co_await File::open(dir_.path(), {.unnamed = true});
    EXPECT_EQ(read_only.error(), std::errc::invalid_argument);
  }());
}

TEST_P(FileTest, ClosedAndMovedFromFilesOwnNothing) {
  const std::string path = dir_.file("closed");
  run([&]() -> Task<void> {
    auto file = co_await File::open(path, kReadWrite);
    CIO_CO_ASSERT_OK(file);
    File moved = std::move(*file);
    EXPECT_FALSE(file->is_open());
    EXPECT_TRUE(moved.is_open());
    CIO_CO_ASSERT_OK(co_await moved.close());
    EXPECT_FALSE(moved.is_open());
    auto twice = co_await moved.close();
    EXPECT_EQ(twice.error(), std::errc::bad_file_descriptor);
    EXPECT_STREQ(twice.operation(), "close");
  }());
}

}  // namespace
}  // namespace cio::testing
