// fs::RegisteredBuffers with File::read_fixed_at / write_fixed_at on both
// backends: a round trip, memory outside the buffer, and the registration's
// lifetime (one set per shard, freed by the destructor).
#include <sys/uio.h>

#include <array>
#include <cstddef>
#include <string>
#include <system_error>
#include <vector>

#include <cio/fs/file.hpp>
#include <cio/fs/registered_buffers.hpp>

#include <cio/testing/co_assert.hpp>
#include <cio/testing/temp_dir.hpp>
#include "fs_test_util.hpp"
#include "runtime_fixture.hpp"

namespace cio::testing {
namespace {

using fs::File;
using fs::RegisteredBuffers;

class RegisteredBuffersTest : public RuntimeTest {
 protected:
  TempDir dir_;
};
CIO_RUNTIME_TEST_SUITE(RegisteredBuffersTest);

std::array<iovec, 1> whole(std::vector<std::byte>& memory) {
  return {{{memory.data(), memory.size()}}};
}

Task<void> fixed_round_trip(std::string path) {
  std::vector<std::byte> memory(2 * 65536);
  auto registered = RegisteredBuffers::create(whole(memory));
  CIO_CO_ASSERT_OK(registered);
  const std::span<std::byte> out(memory.data(), 65536);
  const std::span<std::byte> in(memory.data() + 65536, 65536);
  const auto data = pattern(out.size(), 7);
  std::copy(data.begin(), data.end(), out.begin());

  auto file = co_await File::open(path, {.read = true, .write = true, .create = true});
  CIO_CO_ASSERT_OK(file);
  auto written = co_await file->write_fixed_at(out, 4096, 0);
  CIO_CO_ASSERT_OK(written);
  EXPECT_EQ(*written, out.size());
  auto read = co_await file->read_fixed_at(in, 4096, 0);
  CIO_CO_ASSERT_OK(read);
  EXPECT_EQ(*read, in.size());
  EXPECT_EQ(fnv1a(in), fnv1a(data));
}

TEST_P(RegisteredBuffersTest, FixedWritesAndReadsRoundTrip) {
  run(fixed_round_trip(dir_.file("data")));
}

Task<void> outside_the_buffer(std::string path) {
  std::vector<std::byte> memory(4096);
  std::vector<std::byte> elsewhere(4096);
  auto registered = RegisteredBuffers::create(whole(memory));
  CIO_CO_ASSERT_OK(registered);
  auto file = co_await File::open(path, {.read = true, .write = true, .create = true});
  CIO_CO_ASSERT_OK(file);
  auto read = co_await file->read_fixed_at(elsewhere, 0, 0);
  CIO_CO_ASSERT(!read);
  EXPECT_EQ(read.error(), std::errc::bad_address);
  EXPECT_EQ(read.operation(), std::string("read_fixed_at"));
}

TEST_P(RegisteredBuffersTest, MemoryOutsideTheBufferIsABadAddress) {
  run(outside_the_buffer(dir_.file("data")));
}

Task<void> one_set_at_a_time() {
  std::vector<std::byte> memory(4096);
  {
    auto first = RegisteredBuffers::create(whole(memory));
    CIO_CO_ASSERT_OK(first);
    auto second = RegisteredBuffers::create(whole(memory));
    CIO_CO_ASSERT(!second);
    EXPECT_EQ(second.error(), std::errc::device_or_resource_busy);
    EXPECT_EQ(second.operation(), std::string("register_buffers"));
    RegisteredBuffers moved = std::move(*first);
  }
  auto after = RegisteredBuffers::create(whole(memory));
  EXPECT_TRUE(after) << "the destructor unregistered the first set";
}

TEST_P(RegisteredBuffersTest, OneSetPerShardFreedByTheDestructor) { run(one_set_at_a_time()); }

}  // namespace
}  // namespace cio::testing
