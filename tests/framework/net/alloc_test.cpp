// Awaiting a socket or file op allocates nothing: after warm-up, thousands
// of read/write/readv/writev/read_at/write_at awaits run with every heap
// allocation counted. This binary links the allocation counter (it replaces
// the global allocation functions), so it is kept apart from
// framework_net_test.
#include <sys/uio.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>

#include <cio/fs/file.hpp>
#include <cio/net/tcp_stream.hpp>
#include <cio/testing/alloc_count.hpp>

#include <cio/testing/temp_dir.hpp>
#include "net_test_util.hpp"
#include "runtime_fixture.hpp"

namespace cio::testing {
namespace {

using net::TcpStream;

constexpr int kRounds = 2000;

class IoAllocTest : public RuntimeTest {
 protected:
  TempDir dir_;
};
CIO_RUNTIME_TEST_SUITE(IoAllocTest);

// Each round awaits each kind of op once; loops like write_all are Tasks
// (a frame each) and so are not used here.
Task<void> rounds(TcpStream& a, TcpStream& b, fs::File& file, std::span<std::byte> buffer) {
  const iovec vec{buffer.data(), buffer.size()};
  for (int i = 0; i < kRounds; ++i) {
    auto sent = co_await a.write(buffer);
    auto got = co_await b.read(buffer);
    EXPECT_TRUE(sent && got && *got == *sent);
    auto sent_v = co_await b.writev(std::span(&vec, 1));
    auto got_v = co_await a.readv(std::span(&vec, 1));
    EXPECT_TRUE(sent_v && got_v && *got_v == *sent_v);
    auto written = co_await file.write_at(buffer, 0);
    auto read = co_await file.read_at(buffer, 0);
    EXPECT_TRUE(written && read && *read == *written);
  }
}

TEST(IoAllocCounterTest, SeesOperatorNew) {
  const alloc_count::Counter counter;
  ::operator delete(::operator new(16));  // a call, not a new-expression: never elided
  EXPECT_EQ(counter.count(), 1U);
}

TEST_P(IoAllocTest, AwaitingOpsAllocatesNothing) {
  const std::string path = dir_.file("alloc");
  uint64_t allocations = 0;
  run([&]() -> Task<void> {
    auto tcp = co_await connect_tcp();
    CIO_CO_ASSERT_OK(tcp);
    auto file = co_await fs::File::open(path, {.write = true, .create = true});
    CIO_CO_ASSERT_OK(file);
    std::array<std::byte, 64> buffer{};
    co_await rounds(tcp->client, tcp->server, *file,
                    buffer);  // warm-up: queues and tables reach their size
    auto measured =
        rounds(tcp->client, tcp->server, *file, buffer);  // its frame is allocated before counting
    const alloc_count::Counter counter;
    co_await std::move(measured);
    allocations = counter.count();
  }());
  EXPECT_EQ(allocations, 0U) << "allocations while awaiting " << 6 * kRounds << " ops";
}

}  // namespace
}  // namespace cio::testing
