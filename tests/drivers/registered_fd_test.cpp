// Registered files: ops through FixedFd slots, slot reuse after Close and
// unregister, batched registrations, and the register_fd errors.
#include <unistd.h>

#include <array>
#include <cerrno>
#include <string>
#include <system_error>

#include "driver_test_util.hpp"

namespace cio::test {
namespace {

class RegisteredFdTest : public DriverTest {};
CIO_INSTANTIATE_BACKENDS(RegisteredFdTest);

void flush(Driver& driver) {
  std::array<Entry, 4> out{};
  auto copied = driver.submit(0ns, out);
  ASSERT_TRUE(copied.has_value()) << copied.error().message();
  EXPECT_EQ(*copied, 0U);
}

TEST_P(RegisteredFdTest, PipeThroughTwoSlotsRegisteredInOneBatch) {
  FdPair pipe = make_pipe();
  auto writer = driver().register_fd(pipe.b.get(), 0);
  auto reader = driver().register_fd(pipe.a.get(), 1);
  ASSERT_TRUE(writer.has_value()) << writer.error().message();
  ASSERT_TRUE(reader.has_value()) << reader.error().message();
  EXPECT_EQ(writer->slot, 0U);
  EXPECT_EQ(reader->slot, 1U);
  // Both registrations take effect at the submit that carries the ops.
  Write write(*writer, "fixed", 5);
  char buf[8] = {};
  Read read(*reader, buf, sizeof(buf));
  ASSERT_TRUE(driver().try_push(write, 1));
  ASSERT_TRUE(driver().try_push(read, 2));
  const auto got = run_until(driver(), 2);
  ASSERT_EQ(got.size(), 2U);
  for (const Entry& entry : got) EXPECT_EQ(entry.result, 5) << result_text(entry.result);
  EXPECT_EQ(std::string(buf, 5), "fixed");
}

TEST_P(RegisteredFdTest, SlotKeepsTheFileOpenAfterTheCallerCloses) {
  FdPair pair = socket_pair();
  auto a = driver().register_fd(pair.a.get(), 3);
  auto b = driver().register_fd(pair.b.get(), 4);
  ASSERT_TRUE(a.has_value() && b.has_value());
  flush(driver());
  pair.a.reset();
  pair.b.reset();
  Send send(*a, "still here", 10);
  EXPECT_EQ(run_one(driver(), send).result, 10);
  char buf[16] = {};
  Recv recv(*b, buf, sizeof(buf));
  EXPECT_EQ(run_one(driver(), recv).result, 10);
  EXPECT_EQ(std::string(buf, 10), "still here");
  Close close_a(*a);
  EXPECT_EQ(run_one(driver(), close_a).result, 0);
  Close close_b(*b);
  EXPECT_EQ(run_one(driver(), close_b).result, 0);
}

TEST_P(RegisteredFdTest, CloseFreesTheSlotForAnotherDescriptor) {
  FdPair pipe = make_pipe();
  auto slot = driver().register_fd(pipe.b.get(), 5);
  ASSERT_TRUE(slot.has_value()) << slot.error().message();
  Write write(*slot, "pipe", 4);
  EXPECT_EQ(run_one(driver(), write).result, 4);
  Close close(*slot);
  EXPECT_EQ(run_one(driver(), close).result, 0);

  TempDir dir;
  UniqueFd file = dir.make_file("data", "");
  auto again = driver().register_fd(file.get(), 5);
  ASSERT_TRUE(again.has_value()) << "slot 5 still taken after Close: " << again.error().message();
  WriteAt write_at(*again, "file data", 9, 0);
  EXPECT_EQ(run_one(driver(), write_at).result, 9);
  char buf[16] = {};
  ReadAt read_at(*again, buf, sizeof(buf), 5);
  EXPECT_EQ(run_one(driver(), read_at).result, 4);
  EXPECT_EQ(std::string(buf, 4), "data");
  EXPECT_TRUE(driver().unregister_fd(*again).has_value());
}

TEST_P(RegisteredFdTest, UnregisterFreesTheSlot) {
  FdPair pipe = make_pipe();
  auto slot = driver().register_fd(pipe.a.get(), 9);
  ASSERT_TRUE(slot.has_value());
  flush(driver());
  EXPECT_TRUE(driver().unregister_fd(*slot).has_value());
  flush(driver());
  char buf[4];
  Read stale(FixedFd{9}, buf, sizeof(buf));
  EXPECT_EQ(run_one(driver(), stale).result, -EBADF) << "an empty slot has no file";
  auto again = driver().register_fd(pipe.b.get(), 9);
  EXPECT_TRUE(again.has_value()) << again.error().message();
  Write write(FixedFd{9}, "z", 1);
  EXPECT_EQ(run_one(driver(), write).result, 1);
}

TEST_P(RegisteredFdTest, UnregisterBeforeTheSubmitCancelsTheRegistration) {
  FdPair pipe = make_pipe();
  auto slot = driver().register_fd(pipe.a.get(), 20);
  ASSERT_TRUE(slot.has_value());
  ASSERT_TRUE(driver().unregister_fd(*slot).has_value());
  flush(driver());
  auto again = driver().register_fd(pipe.b.get(), 20);
  ASSERT_TRUE(again.has_value()) << again.error().message();
  Write write(*again, "w", 1);
  EXPECT_EQ(run_one(driver(), write).result, 1);
  char c = 0;
  ASSERT_TRUE(read_exact(pipe.a.get(), &c, 1));
  EXPECT_EQ(c, 'w');
}

TEST_P(RegisteredFdTest, ManyRegistrationsBeforeOneSubmit) {
  constexpr uint32_t kPairs = 8;
  std::array<FdPair, kPairs> pairs;
  for (uint32_t i = 0; i < kPairs; ++i) {
    pairs[i] = socket_pair();
    ASSERT_TRUE(driver().register_fd(pairs[i].a.get(), 10 + i).has_value());
  }
  std::array<Send, kPairs> sends = {Send(FixedFd{10}, "0", 1), Send(FixedFd{11}, "1", 1),
                                    Send(FixedFd{12}, "2", 1), Send(FixedFd{13}, "3", 1),
                                    Send(FixedFd{14}, "4", 1), Send(FixedFd{15}, "5", 1),
                                    Send(FixedFd{16}, "6", 1), Send(FixedFd{17}, "7", 1)};
  for (uint32_t i = 0; i < kPairs; ++i) ASSERT_TRUE(driver().try_push(sends[i], i));
  const auto got = run_until(driver(), kPairs);
  ASSERT_EQ(got.size(), kPairs);
  for (const Entry& entry : got) EXPECT_EQ(entry.result, 1) << result_text(entry.result);
  for (uint32_t i = 0; i < kPairs; ++i) {
    char c = 0;
    ASSERT_TRUE(read_exact(pairs[i].b.get(), &c, 1));
    EXPECT_EQ(c, static_cast<char>('0' + i));
  }
}

TEST_P(RegisteredFdTest, RegisterErrors) {
  FdPair pipe = make_pipe();
  EXPECT_TRUE(fails_with(driver().register_fd(pipe.a.get(), 64), std::errc::invalid_argument))
      << "slot 64 of a 64-slot table";
  EXPECT_TRUE(
      fails_with(driver().register_fd(pipe.a.get(), UINT32_MAX), std::errc::invalid_argument));
  EXPECT_TRUE(fails_with(driver().register_fd(-1, 2), std::errc::bad_file_descriptor));
  EXPECT_TRUE(fails_with(driver().register_fd(closed_fd(), 2), std::errc::bad_file_descriptor));

  ASSERT_TRUE(driver().register_fd(pipe.a.get(), 2).has_value()) << "failed calls took the slot";
  EXPECT_TRUE(fails_with(driver().register_fd(pipe.b.get(), 2), std::errc::device_or_resource_busy))
      << "staged, not yet submitted";
  flush(driver());
  EXPECT_TRUE(fails_with(driver().register_fd(pipe.b.get(), 2), std::errc::device_or_resource_busy))
      << "after the submit";
  EXPECT_FALSE(driver().unregister_fd(FixedFd{63}).has_value()) << "unregistering an empty slot";
}

TEST_P(RegisteredFdTest, NoSlotsWithoutATable) {
  DriverConfig cfg = config();
  cfg.registered_files = 0;
  CIO_DRIVER_OR_SKIP(bare, cfg);
  FdPair pipe = make_pipe();
  EXPECT_TRUE(fails_with(bare->register_fd(pipe.a.get(), 0), std::errc::invalid_argument));
}

}  // namespace
}  // namespace cio::test
