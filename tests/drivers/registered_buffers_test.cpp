// Registered buffers: register_buffers / unregister_buffers and the
// ReadAtFixed / WriteAtFixed ops, with the kernel's errors on both backends.
#include <sys/uio.h>

#include <array>
#include <cerrno>
#include <string>

#include "driver_test_util.hpp"

namespace cio::test {
namespace {

class RegisteredBuffersTest : public DriverTest {
 protected:
  void register_both() {
    const std::array<iovec, 2> buffers{
        {{first_.data(), first_.size()}, {second_.data(), second_.size()}}};
    auto registered = driver().register_buffers(buffers);
    ASSERT_TRUE(registered) << registered.error().message();
  }

  std::array<char, 64> first_{};
  std::array<char, 4096> second_{};
};
CIO_INSTANTIATE_BACKENDS(RegisteredBuffersTest);

TEST_P(RegisteredBuffersTest, WriteFixedThenReadFixedRoundTrip) {
  register_both();
  TempDir dir;
  UniqueFd file = dir.make_file("data", "");
  const Fd fd = attach(file.get());
  const std::string text = "registered buffers";
  text.copy(second_.data() + 100, text.size());
  WriteAtFixed write(fd, second_.data() + 100, static_cast<uint32_t>(text.size()), 3, 1);
  EXPECT_EQ(run_one(driver(), write).result, static_cast<int32_t>(text.size()));

  ReadAtFixed read(fd, first_.data(), static_cast<uint32_t>(first_.size()), 3, 0);
  EXPECT_EQ(run_one(driver(), read).result, static_cast<int32_t>(text.size()));
  EXPECT_EQ(std::string(first_.data(), text.size()), text);
}

TEST_P(RegisteredBuffersTest, ARangeOutsideItsBufferIsEfault) {
  register_both();
  TempDir dir;
  UniqueFd file = dir.make_file("data", "0123456789");
  const Fd fd = attach(file.get());
  ReadAtFixed past_end(fd, first_.data() + 60, 8, 0, 0);
  EXPECT_EQ(run_one(driver(), past_end).result, -EFAULT) << "4 bytes past buffer 0";
  ReadAtFixed wrong_index(fd, first_.data(), 8, 0, 1);
  EXPECT_EQ(run_one(driver(), wrong_index).result, -EFAULT) << "buffer 0's memory, index 1";
  ReadAtFixed no_such_index(fd, first_.data(), 8, 0, 2);
  EXPECT_EQ(run_one(driver(), no_such_index).result, -EFAULT);
}

TEST_P(RegisteredBuffersTest, FixedOpsBeforeAnyRegistrationAreEfault) {
  TempDir dir;
  UniqueFd file = dir.make_file("data", "abc");
  ReadAtFixed read(attach(file.get()), first_.data(), 3, 0, 0);
  EXPECT_EQ(run_one(driver(), read).result, -EFAULT);
}

TEST_P(RegisteredBuffersTest, OneSetAtATimeAndUnregisterFreesTheTable) {
  register_both();
  const std::array<iovec, 1> other{{{first_.data(), first_.size()}}};
  auto again = driver().register_buffers(other);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error(), std::errc::device_or_resource_busy);
  ASSERT_TRUE(driver().unregister_buffers());
  auto twice = driver().unregister_buffers();
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error(), std::errc::no_such_device_or_address);
  EXPECT_TRUE(driver().register_buffers(other)) << "registering works again after unregister";
}

TEST_P(RegisteredBuffersTest, EmptySetsAndEmptyOrHugeBuffersAreRefused) {
  auto none = driver().register_buffers({});
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error(), std::errc::invalid_argument);
  const std::array<iovec, 1> empty{{{first_.data(), 0}}};
  auto zero_length = driver().register_buffers(empty);
  ASSERT_FALSE(zero_length);
  EXPECT_EQ(zero_length.error(), std::errc::bad_address);
  const std::array<iovec, 1> huge{{{first_.data(), kMaxRegisteredBufferBytes + 1}}};
  auto too_big = driver().register_buffers(huge);
  ASSERT_FALSE(too_big);
  EXPECT_EQ(too_big.error(), std::errc::bad_address);
}

}  // namespace
}  // namespace cio::test
