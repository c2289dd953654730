// O_DIRECT on both backends: aligned IO through AlignedBuffer works, and a
// misaligned buffer, length or offset fails at once with a message naming
// which one and the alignment. Skips where the filesystem refuses O_DIRECT.
#include <cstddef>
#include <string>
#include <system_error>

#include <cio/fs/aligned_buffer.hpp>
#include <cio/fs/file.hpp>

#include <cio/testing/co_assert.hpp>
#include <cio/testing/temp_dir.hpp>
#include "fs_test_util.hpp"
#include "runtime_fixture.hpp"

namespace cio::testing {
namespace {

using fs::AlignedBuffer;
using fs::File;

class DirectTest : public RuntimeTest {
 protected:
  TempDir dir_;
};
CIO_RUNTIME_TEST_SUITE(DirectTest);

void expect_misaligned(const Result<size_t>& result, const std::string& which, size_t alignment) {
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error(), std::errc::invalid_argument);
  const std::string text = result.describe();
  EXPECT_NE(text.find("O_DIRECT " + which + " must be a multiple of " + std::to_string(alignment)),
            std::string::npos)
      << text;
}

TEST_P(DirectTest, AlignedIoWorksAndMisalignedIoIsRejectedClearly) {
  const std::string path = dir_.file("direct");
  std::string refused;
  run([&]() -> Task<void> {
    auto file = co_await File::open(path, {.write = true, .create = true, .direct = true});
    if (!file && file.error() == std::errc::invalid_argument) {
      refused = file.describe();
      co_return;
    }
    CIO_CO_ASSERT_OK(file);
    const size_t alignment = file->direct_alignment();
    CIO_CO_ASSERT(alignment >= 512 && alignment % 512 == 0);
    auto buffer = AlignedBuffer::allocate(4 * alignment, alignment);
    CIO_CO_ASSERT_OK(buffer);
    const auto data = pattern(buffer->size(), 8);
    std::copy(data.begin(), data.end(), buffer->data());
    CIO_CO_ASSERT_OK(co_await file->write_all_at(buffer->span(), alignment));
    auto back = AlignedBuffer::allocate(4 * alignment, alignment);
    CIO_CO_ASSERT_OK(back);
    CIO_CO_ASSERT_OK(co_await file->read_exact_at(back->span(), alignment));
    EXPECT_EQ(fnv1a(back->span()), fnv1a(data));

    const auto whole = buffer->span();
    expect_misaligned(co_await file->read_at(whole.subspan(1, alignment), 0), "buffer address",
                      alignment);
    expect_misaligned(co_await file->write_at(whole.first(alignment - 1), 0), "length", alignment);
    expect_misaligned(co_await file->read_at(whole.first(alignment), 1), "offset", alignment);
    auto loop = co_await file->write_all_at(whole.first(alignment), 7);
    EXPECT_EQ(loop.error(), std::errc::invalid_argument) << loop.describe();
  }());
  if (!refused.empty()) GTEST_SKIP() << "this filesystem refuses O_DIRECT: " << refused;
}

TEST(AlignedBufferTest, MemoryIsAlignedZeroedAndOwnedOnce) {
  auto buffer = AlignedBuffer::allocate(10'000, 4096);
  ASSERT_TRUE(buffer) << buffer.describe();
  EXPECT_EQ(reinterpret_cast<uintptr_t>(buffer->data()) % 4096, 0U);
  EXPECT_EQ(buffer->size(), 10'000U);
  EXPECT_EQ(fnv1a(buffer->span()), fnv1a(std::vector<std::byte>(10'000)));
  AlignedBuffer moved = std::move(*buffer);
  EXPECT_EQ(buffer->data(), nullptr);
  EXPECT_EQ(moved.size(), 10'000U);
  auto bad = AlignedBuffer::allocate(64, 3);
  EXPECT_EQ(bad.error(), std::errc::invalid_argument);
  EXPECT_STREQ(bad.operation(), "posix_memalign");
}

}  // namespace
}  // namespace cio::testing
