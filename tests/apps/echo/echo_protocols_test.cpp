// cio-echo beyond TCP over IPv4: a TCP listener on IPv6, the UDP echo port
// and the Unix socket, each listening line parsed from the log.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <cstring>
#include <string>

#include <cio/testing/temp_dir.hpp>
#include "echo_client.hpp"
#include "start_echo.hpp"

namespace cio::apps_test {
namespace {

using namespace std::chrono_literals;

using cio::testing::TempDir;

bool ipv6_loopback_available() {
  Socket probe(::socket(AF_INET6, SOCK_STREAM, 0));
  sockaddr_in6 address{};
  address.sin6_family = AF_INET6;
  address.sin6_addr = in6addr_loopback;
  return probe.valid() &&
         ::bind(probe.get(), reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
}

TEST(EchoProtocols, Ipv6ListenerEchoes) {
  if (!ipv6_loopback_available()) GTEST_SKIP() << "no IPv6 loopback here";
  AppProcess server(CIO_ECHO_BINARY, {"--shards", "2", "--overprovision", "--echo.tcp", "[::1]:0"});
  auto port = server.wait_for("listening on [::1]:", " (tcp, shard 0)");
  ASSERT_TRUE(port) << server.log();
  Socket client = connect_tcp6(static_cast<uint16_t>(std::stoi(*port)));
  ASSERT_TRUE(client.valid());
  EXPECT_TRUE(round_trip(client.get(), random_bytes(300'000, 3)));
}

TEST(EchoProtocols, UnixSocketEchoesAndIsRemovedAtExit) {
  TempDir dir;
  const std::string path = dir.file("echo.sock");
  AppProcess server = start_echo({"--echo.unix", path, "--shutdown_timeout", "2s"});
  ASSERT_TRUE(server.wait_for("listening on " + path + " (unix, shard 0)")) << server.log();
  for (int i = 0; i < 4; ++i) {  // handed to both shards in turn
    Socket client = connect_unix(path);
    ASSERT_TRUE(client.valid()) << std::strerror(errno);
    EXPECT_TRUE(round_trip(client.get(), random_bytes(1 + 250'000 * i, 10 + i))) << i;
  }
  server.signal(SIGTERM);
  EXPECT_EQ(server.wait_exit(10s), 0);
  EXPECT_NE(::access(path.c_str(), F_OK), 0) << "socket file left behind";
}

TEST(EchoProtocols, UdpEchoesEveryDatagram) {
  AppProcess server = start_echo({"--echo.udp", "127.0.0.1:0"});
  const uint16_t port = server.wait_for_port("udp");
  ASSERT_NE(port, 0) << server.log();
  Socket client = udp_socket4();
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(client.get(), reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  for (size_t size : {size_t{1}, size_t{512}, size_t{1400}, size_t{9000}, size_t{65000}}) {
    const auto payload = random_bytes(size, size);
    std::vector<std::byte> back(size + 1);
    bool echoed = false;
    for (int attempt = 0; attempt < 3 && !echoed; ++attempt) {  // UDP may drop
      ASSERT_EQ(::send(client.get(), payload.data(), size, 0), static_cast<ssize_t>(size));
      pollfd ready{client.get(), POLLIN, 0};
      if (::poll(&ready, 1, 1000) != 1) continue;
      const ssize_t got = ::recv(client.get(), back.data(), back.size(), 0);
      echoed =
          got == static_cast<ssize_t>(size) && std::memcmp(back.data(), payload.data(), size) == 0;
    }
    EXPECT_TRUE(echoed) << size << "-byte datagram";
  }
}

// Each shard binds the UDP port with SO_REUSEPORT; a second server must not
// join the first one's port.
TEST(EchoProtocols, AUdpPortInUseFailsAtStart) {
  AppProcess first = start_echo({"--echo.udp", "127.0.0.1:0"});
  const uint16_t port = first.wait_for_port("udp");
  ASSERT_NE(port, 0) << first.log();
  const std::string taken = "127.0.0.1:" + std::to_string(port);
  AppProcess second = start_echo({"--echo.udp", taken});
  EXPECT_EQ(second.wait_exit(10s), 1);
  EXPECT_TRUE(second.wait_for("udp " + taken, "in use", 1s)) << second.log();
}

}  // namespace
}  // namespace cio::apps_test
