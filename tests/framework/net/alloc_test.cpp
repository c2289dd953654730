// Awaiting a socket or file op allocates nothing: after warm-up, thousands
// of read/write/readv/writev/read_at/write_at awaits run with every
// operator new counted. This binary replaces the global operator new, so it
// is kept apart from framework_net_test.
#include <sys/uio.h>

#include <array>
#include <cstddef>
#include <cstdlib>
#include <new>
#include <utility>

#include <cio/fs/file.hpp>
#include <cio/net/tcp_listener.hpp>
#include <cio/net/tcp_stream.hpp>

#include "fs/temp_dir.hpp"
#include "net_test_util.hpp"
#include "runtime_fixture.hpp"

namespace {

// One thread runs everything here: plain counters are enough.
bool g_counting = false;
size_t g_allocations = 0;

void* allocate(size_t size, size_t alignment) {
  if (g_counting) ++g_allocations;
  const size_t rounded = (size + alignment - 1) / alignment * alignment;
  void* memory = alignment <= alignof(std::max_align_t) ? std::malloc(size == 0 ? 1 : size)
                                                        : std::aligned_alloc(alignment, rounded);
  if (memory == nullptr) throw std::bad_alloc();
  return memory;
}

// Out of line, so that GCC does not read an inlined free() after operator
// new as a mismatched pair (-Wmismatched-new-delete): here new is malloc.
[[gnu::noinline]] void release(void* memory) noexcept { std::free(memory); }

}  // namespace

// The array and nothrow forms of the standard library call these.
void* operator new(size_t size) { return allocate(size, alignof(std::max_align_t)); }
void* operator new(size_t size, std::align_val_t align) {
  return allocate(size, static_cast<size_t>(align));
}
void operator delete(void* memory) noexcept { release(memory); }
void operator delete(void* memory, size_t) noexcept { release(memory); }
void operator delete(void* memory, std::align_val_t) noexcept { release(memory); }
void operator delete(void* memory, size_t, std::align_val_t) noexcept { release(memory); }

namespace cio::testing {
namespace {

using net::SocketAddress;
using net::TcpListener;
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
  g_counting = true;
  ::operator delete(::operator new(16));  // a call, not a new-expression: never elided
  g_counting = false;
  EXPECT_EQ(std::exchange(g_allocations, 0), 1U);
}

TEST_P(IoAllocTest, AwaitingOpsAllocatesNothing) {
  const std::string path = dir_.file("alloc");
  run([&]() -> Task<void> {
    auto listener = TcpListener::bind(SocketAddress::ipv4_loopback());
    CIO_CO_ASSERT_OK(listener);
    auto a = co_await TcpStream::connect(*listener->local_address());
    CIO_CO_ASSERT_OK(a);
    auto b = co_await listener->accept();
    CIO_CO_ASSERT_OK(b);
    auto file = co_await fs::File::open(path, {.write = true, .create = true});
    CIO_CO_ASSERT_OK(file);
    std::array<std::byte, 64> buffer{};
    co_await rounds(*a, *b, *file, buffer);         // warm-up: queues and tables reach their size
    auto measured = rounds(*a, *b, *file, buffer);  // its frame is allocated before counting
    g_counting = true;
    co_await std::move(measured);
    g_counting = false;
  }());
  EXPECT_EQ(g_allocations, 0U) << "allocations while awaiting " << 6 * kRounds << " ops";
}

}  // namespace
}  // namespace cio::testing
