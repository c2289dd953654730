// How TCP failures surface: a refused connect, a peer that resets while we
// write (an error, never a SIGPIPE), and a read stopped by its token.
#include <sys/socket.h>

#include <array>
#include <cstddef>
#include <string>
#include <system_error>
#include <vector>

#include <cio/core/stop.hpp>
#include <cio/net/tcp_listener.hpp>
#include <cio/net/tcp_stream.hpp>

#include "net_test_util.hpp"
#include "runtime_fixture.hpp"

namespace cio::testing {
namespace {

using net::SocketAddress;
using net::TcpListener;
using net::TcpStream;

class TcpErrorTest : public RuntimeTest {};
CIO_RUNTIME_TEST_SUITE(TcpErrorTest);

TEST_P(TcpErrorTest, ConnectToAClosedPortIsRefused) {
  run([]() -> Task<void> {
    SocketAddress closed;
    {
      auto listener = TcpListener::bind(SocketAddress::ipv4_loopback());
      CIO_CO_ASSERT_OK(listener);
      closed = *listener->local_address();
    }  // closed again: nobody listens on that port now
    auto stream = co_await TcpStream::connect(closed);
    CIO_CO_ASSERT(!stream);
    EXPECT_EQ(stream.error(), std::errc::connection_refused);
    EXPECT_EQ(stream.describe().rfind("tcp connect: ", 0), 0U) << stream.describe();
  }());
}

TEST_P(TcpErrorTest, PeerResetDuringWriteIsAnErrorNotASignal) {
  run([]() -> Task<void> {
    auto tcp = co_await connect_tcp();
    CIO_CO_ASSERT_OK(tcp);
    TcpStream& stream = tcp->client;
    TcpStream& peer = tcp->server;
    const linger abort_on_close{.l_onoff = 1, .l_linger = 0};  // close sends RST
    CIO_CO_ASSERT(::setsockopt(peer.native_handle(), SOL_SOCKET, SO_LINGER, &abort_on_close,
                               sizeof(abort_on_close)) == 0);
    CIO_CO_ASSERT_OK(co_await peer.close());

    const std::vector<std::byte> chunk(1 << 20);
    Result<void> written;
    for (int i = 0; i < 64 && written; ++i) written = co_await stream.write_all(chunk);
    CIO_CO_ASSERT(!written);  // 64 MiB cannot all go to a reset peer
    EXPECT_TRUE(written.error() == std::errc::connection_reset ||
                written.error() == std::errc::broken_pipe)
        << written.describe();
    EXPECT_STREQ(written.operation(), "write_all");
  }());
}

TEST_P(TcpErrorTest, StoppingTheTokenCancelsARead) {
  run([]() -> Task<void> {
    auto listener = TcpListener::bind(SocketAddress::ipv4_loopback());
    CIO_CO_ASSERT_OK(listener);
    auto stream = co_await TcpStream::connect(*listener->local_address());
    CIO_CO_ASSERT_OK(stream);
    StopSource source;
    spawn(stop_later(&source));  // runs once the read below is in flight
    std::array<std::byte, 8> buffer{};
    auto got = co_await stream->read(buffer, source.token());
    CIO_CO_ASSERT(!got);
    EXPECT_EQ(got.error(), std::errc::operation_canceled);
    EXPECT_STREQ(got.operation(), "read");
  }());
}

}  // namespace
}  // namespace cio::testing
