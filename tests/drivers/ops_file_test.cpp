// Success and error paths of the ops on pipes and files: Nop, Read, Write,
// ReadAt, WriteAt, ReadvAt, WritevAt, Fsync, SyncFileRange, OpenAt, Close,
// Timeout.
#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <string>

#include "driver_test_util.hpp"

namespace cio::test {
namespace {

class FileOpsTest : public DriverTest {};
CIO_INSTANTIATE_BACKENDS(FileOpsTest);

std::string read_file(int fd, size_t size) {
  std::string out(size, '\0');
  const ssize_t n = pread(fd, out.data(), size, 0);
  out.resize(n < 0 ? 0 : static_cast<size_t>(n));
  return out;
}

TEST_P(FileOpsTest, NopCompletesWithZeroAndItsUserData) {
  Nop nop;
  const Entry entry = run_one(driver(), nop, 0xC0FFEE);
  EXPECT_EQ(entry.result, 0);
  EXPECT_EQ(entry.user_data, 0xC0FFEEU);
  EXPECT_EQ(driver().in_flight(), 0U);
}

TEST_P(FileOpsTest, WriteThenReadThroughAPipe) {
  FdPair pipe = make_pipe();
  const Fd in = attach(pipe.a.get());
  const Fd out = attach(pipe.b.get());
  Write write(out, "hello", 5);
  EXPECT_EQ(run_one(driver(), write).result, 5);
  char buf[8] = {};
  Read read(in, buf, 5);
  EXPECT_EQ(run_one(driver(), read).result, 5);
  EXPECT_EQ(std::string(buf, 5), "hello");
}

TEST_P(FileOpsTest, ReadWaitsUntilDataArrives) {
  FdPair pipe = make_pipe();
  char buf[8] = {};
  Read read(attach(pipe.a.get()), buf, sizeof(buf));
  ASSERT_TRUE(driver().try_push(read, 3));
  std::array<Entry, 4> out{};
  auto none = driver().submit(0ns, out);
  ASSERT_TRUE(none.has_value());
  EXPECT_EQ(*none, 0U) << "a read on an empty pipe completed early";
  EXPECT_TRUE(read.in_flight());
  ASSERT_TRUE(write_all(pipe.b.get(), "abc", 3));
  const auto got = run_until(driver(), 1);
  ASSERT_EQ(got.size(), 1U);
  EXPECT_EQ(got[0].user_data, 3U);
  EXPECT_EQ(got[0].result, 3) << result_text(got[0].result);
  EXPECT_EQ(std::string(buf, 3), "abc");
  reclaim(driver(), read);
}

TEST_P(FileOpsTest, ShortReadReturnsWhatIsThere) {
  FdPair pipe = make_pipe();
  ASSERT_TRUE(write_all(pipe.b.get(), "xyz", 3));
  char buf[100] = {};
  Read read(attach(pipe.a.get()), buf, sizeof(buf));
  EXPECT_EQ(run_one(driver(), read).result, 3);
}

TEST_P(FileOpsTest, ReadReturnsZeroAfterTheWriterCloses) {
  FdPair pipe = make_pipe();
  pipe.b.reset();
  char buf[16];
  Read read(attach(pipe.a.get()), buf, sizeof(buf));
  EXPECT_EQ(run_one(driver(), read).result, 0);
}

TEST_P(FileOpsTest, WaitingReadSeesEofWhenTheWriterCloses) {
  FdPair pipe = make_pipe();
  char buf[16];
  Read read(attach(pipe.a.get()), buf, sizeof(buf));
  ASSERT_TRUE(driver().try_push(read, 4));
  std::array<Entry, 4> out{};
  auto none = driver().submit(0ns, out);
  ASSERT_TRUE(none.has_value());
  EXPECT_EQ(*none, 0U);
  pipe.b.reset();
  const auto got = run_until(driver(), 1);
  ASSERT_EQ(got.size(), 1U);
  EXPECT_EQ(got[0].result, 0) << result_text(got[0].result);
  reclaim(driver(), read);
}

TEST_P(FileOpsTest, WriteAtAndReadAtUseTheOffset) {
  TempDir dir;
  UniqueFd file = dir.make_file("data", "");
  const Fd fd = attach(file.get());
  WriteAt write(fd, "hello world", 11, 0);
  EXPECT_EQ(run_one(driver(), write).result, 11);
  EXPECT_EQ(read_file(file.get(), 64), "hello world");

  char buf[100] = {};
  ReadAt read(fd, buf, 5, 6);
  EXPECT_EQ(run_one(driver(), read).result, 5);
  EXPECT_EQ(std::string(buf, 5), "world");

  ReadAt short_read(fd, buf, sizeof(buf), 6);  // asks for more than the file holds
  EXPECT_EQ(run_one(driver(), short_read).result, 5);
  ReadAt at_end(fd, buf, sizeof(buf), 11);
  EXPECT_EQ(run_one(driver(), at_end).result, 0);
}

TEST_P(FileOpsTest, WritevAtAndReadvAtGatherAndScatter) {
  TempDir dir;
  UniqueFd file = dir.make_file("data", "..");
  const Fd fd = attach(file.get());
  char part1[] = "abc";
  char part2[] = "defg";
  const iovec out_vecs[] = {{part1, 3}, {part2, 4}};
  WritevAt write(fd, out_vecs, 2);
  EXPECT_EQ(run_one(driver(), write).result, 7);
  EXPECT_EQ(read_file(file.get(), 64), "..abcdefg");

  char head[2] = {};
  char tail[16] = {};
  const iovec in_vecs[] = {{head, sizeof(head)}, {tail, sizeof(tail)}};
  ReadvAt read(fd, in_vecs, 3);  // 6 bytes left: a short read
  EXPECT_EQ(run_one(driver(), read).result, 6);
  EXPECT_EQ(std::string(head, 2), "bc");
  EXPECT_EQ(std::string(tail, 4), "defg");
}

TEST_P(FileOpsTest, FsyncFullAndDataOnly) {
  TempDir dir;
  UniqueFd file = dir.make_file("data", "sync me");
  const Fd fd = attach(file.get());
  Fsync full(fd);
  EXPECT_EQ(run_one(driver(), full).result, 0);
  Fsync data(fd, Fsync::Mode::data_only);
  EXPECT_EQ(run_one(driver(), data).result, 0);
}

TEST_P(FileOpsTest, SyncFileRangeStartsAndWaitsForWriteback) {
  TempDir dir;
  UniqueFd file = dir.make_file("data", std::string(20000, 'w'));
  const Fd fd = attach(file.get());
  SyncFileRange start(fd, 4096, 8192, SYNC_FILE_RANGE_WRITE);
  EXPECT_EQ(run_one(driver(), start).result, 0);
  constexpr unsigned kWait =
      SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER;
  SyncFileRange to_end(fd, 0, 0, kWait);
  EXPECT_EQ(run_one(driver(), to_end).result, 0);
  EXPECT_EQ(read_file(file.get(), 30000), std::string(20000, 'w'));
}

TEST_P(FileOpsTest, SyncFileRangeRejectsBadFlags) {
  TempDir dir;
  UniqueFd file = dir.make_file("data", "x");
  SyncFileRange bad(attach(file.get()), 0, 0, ~0U);
  const Entry entry = run_one(driver(), bad);
  EXPECT_EQ(entry.result, -EINVAL) << result_text(entry.result);
}

TEST_P(FileOpsTest, OpenAtCreatesAFile) {
  TempDir dir;
  const std::string path = dir.file("created");
  OpenAt open_abs(AT_FDCWD, path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  const Entry entry = run_one(driver(), open_abs);
  ASSERT_GE(entry.result, 0) << result_text(entry.result);
  UniqueFd opened(entry.result);
  EXPECT_EQ(access(path.c_str(), F_OK), 0);

  UniqueFd dirfd(open(dir.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  ASSERT_GE(dirfd.get(), 0);
  OpenAt open_rel(dirfd.get(), "created", O_RDONLY | O_CLOEXEC);
  const Entry relative = run_one(driver(), open_rel);
  ASSERT_GE(relative.result, 0) << result_text(relative.result);
  UniqueFd opened_again(relative.result);
}

TEST_P(FileOpsTest, OpenAtMissingFileIsEnoent) {
  TempDir dir;
  const std::string path = dir.file("missing");
  OpenAt open(AT_FDCWD, path.c_str(), O_RDONLY | O_CLOEXEC);
  const Entry entry = run_one(driver(), open);
  EXPECT_EQ(entry.result, -ENOENT) << result_text(entry.result);
}

TEST_P(FileOpsTest, CloseReleasesTheDescriptor) {
  TempDir dir;
  UniqueFd file = dir.make_file("data", "x");
  const int raw = file.get();
  Close close(attach(raw));
  EXPECT_EQ(run_one(driver(), close).result, 0);
  errno = 0;
  EXPECT_EQ(fcntl(raw, F_GETFD), -1);
  EXPECT_EQ(errno, EBADF);
  (void)file.release();  // already closed by the op
}

TEST_P(FileOpsTest, BadDescriptorIsEbadf) {
  const Fd bad{closed_fd()};
  char buf[8] = {};
  Read read(bad, buf, sizeof(buf));
  EXPECT_EQ(run_one(driver(), read).result, -EBADF);
  Write write(bad, "x", 1);
  EXPECT_EQ(run_one(driver(), write).result, -EBADF);
  ReadAt read_at(bad, buf, sizeof(buf), 0);
  EXPECT_EQ(run_one(driver(), read_at).result, -EBADF);
  WriteAt write_at(bad, "x", 1, 0);
  EXPECT_EQ(run_one(driver(), write_at).result, -EBADF);
  Fsync fsync(bad);
  EXPECT_EQ(run_one(driver(), fsync).result, -EBADF);
  SyncFileRange sync_range(bad, 0, 0, SYNC_FILE_RANGE_WRITE);
  EXPECT_EQ(run_one(driver(), sync_range).result, -EBADF);
  Close close(bad);
  EXPECT_EQ(run_one(driver(), close).result, -EBADF);
  EXPECT_EQ(driver().in_flight(), 0U);
}

// io_uring ignores the offset on stream files (pipes, sockets) instead of
// failing with ESPIPE like pread(2); both backends behave that way.
TEST_P(FileOpsTest, ReadAtOnAPipeIgnoresTheOffset) {
  FdPair pipe = make_pipe();
  ASSERT_TRUE(write_all(pipe.b.get(), "abc", 3));
  char buf[8] = {};
  ReadAt read(attach(pipe.a.get()), buf, sizeof(buf), 100);
  const Entry entry = run_one(driver(), read);
  EXPECT_EQ(entry.result, 3) << result_text(entry.result);
  EXPECT_EQ(std::string(buf, 3), "abc");
}

TEST_P(FileOpsTest, NegativeOffsetIsEinval) {
  TempDir dir;
  UniqueFd file = dir.make_file("data", "0123456789");
  const Fd fd = attach(file.get());
  const auto negative = static_cast<uint64_t>(int64_t{-2});  // -1 would mean "current position"
  char buf[8];
  ReadAt read(fd, buf, sizeof(buf), negative);
  EXPECT_EQ(run_one(driver(), read).result, -EINVAL);
  WriteAt write(fd, "x", 1, negative);
  EXPECT_EQ(run_one(driver(), write).result, -EINVAL);
}

TEST_P(FileOpsTest, TimeoutExpiryIsSuccess) {
  Timeout timeout(1ms);
  const Entry entry = run_one(driver(), timeout, 9);
  EXPECT_EQ(entry.result, 0) << result_text(entry.result);
}

}  // namespace
}  // namespace cio::test
