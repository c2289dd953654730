// UdpSocket on both backends: send_to/recv_from report the peer, and a
// connected pair uses send/recv.
#include <sys/socket.h>

#include <array>
#include <cstddef>
#include <cstring>
#include <vector>

#include <cio/net/udp_socket.hpp>

#include "net_test_util.hpp"
#include "runtime_fixture.hpp"

namespace cio::testing {
namespace {

using net::SocketAddress;
using net::UdpSocket;

class UdpTest : public RuntimeTest {};
CIO_RUNTIME_TEST_SUITE(UdpTest);

TEST_P(UdpTest, SendToAndRecvFromReportThePeer) {
  run([]() -> Task<void> {
    auto a = UdpSocket::bind(SocketAddress::ipv4_loopback());
    CIO_CO_ASSERT_OK(a);
    auto b = UdpSocket::bind(SocketAddress::ipv4_loopback());
    CIO_CO_ASSERT_OK(b);
    const auto payload = random_bytes(512, 3);
    auto sent = co_await a->send_to(payload, *b->local_address());
    CIO_CO_ASSERT_OK(sent);
    EXPECT_EQ(*sent, payload.size());
    std::vector<std::byte> buffer(2048);
    auto got = co_await b->recv_from(buffer);
    CIO_CO_ASSERT_OK(got);
    EXPECT_EQ(got->size, payload.size());
    EXPECT_EQ(got->peer, *a->local_address()) << got->peer.to_string();
    EXPECT_EQ(std::memcmp(buffer.data(), payload.data(), payload.size()), 0);
  }());
}

TEST_P(UdpTest, ConnectedSocketsUseSendAndRecv) {
  run([]() -> Task<void> {
    auto a = UdpSocket::bind(SocketAddress::ipv4_loopback());
    CIO_CO_ASSERT_OK(a);
    auto b = UdpSocket::bind(SocketAddress::ipv4_loopback());
    CIO_CO_ASSERT_OK(b);
    CIO_CO_ASSERT_OK(a->connect(*b->local_address()));
    CIO_CO_ASSERT_OK(b->connect(*a->local_address()));
    const auto payload = random_bytes(100, 4);
    CIO_CO_ASSERT_OK(co_await a->send(payload));
    std::array<std::byte, 256> buffer{};
    auto got = co_await b->recv(buffer);
    CIO_CO_ASSERT_OK(got);
    EXPECT_EQ(*got, payload.size());
    CIO_CO_ASSERT_OK(co_await b->close());
  }());
}

}  // namespace
}  // namespace cio::testing
