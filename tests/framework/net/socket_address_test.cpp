// SocketAddress parsing and printing (no runtime needed).
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <string>
#include <system_error>

#include <cio/net/socket_address.hpp>

namespace cio::net {
namespace {

TEST(SocketAddressTest, ParsesAndPrintsIpv4) {
  auto address = SocketAddress::parse("127.0.0.1:8080");
  ASSERT_TRUE(address) << address.describe();
  EXPECT_EQ(address->family(), AF_INET);
  EXPECT_EQ(address->port(), 8080);
  EXPECT_EQ(address->to_string(), "127.0.0.1:8080");
  EXPECT_EQ(*address, SocketAddress::ipv4_loopback(8080));
}

TEST(SocketAddressTest, ParsesAndPrintsBracketedIpv6) {
  auto address = SocketAddress::parse("[::1]:0");
  ASSERT_TRUE(address) << address.describe();
  EXPECT_EQ(address->family(), AF_INET6);
  EXPECT_EQ(address->port(), 0);
  EXPECT_EQ(address->to_string(), "[::1]:0");
  EXPECT_EQ(*address, SocketAddress::ipv6_loopback());
}

TEST(SocketAddressTest, RejectsMalformedText) {
  for (const char* text : {"", "127.0.0.1", "127.0.0.1:", "127.0.0.1:65536", "::1:80", "[::1]80",
                           "localhost:80", "1.2.3.4:8x", "[1.2.3.4]:80"}) {
    auto address = SocketAddress::parse(text);
    ASSERT_FALSE(address) << text;
    EXPECT_EQ(address.error(), std::errc::invalid_argument) << text;
    EXPECT_STREQ(address.operation(), "parse socket address");
  }
}

TEST(SocketAddressTest, RejectsMissingOrOversizedPortsAndBareIpv6) {
  for (const char* text : {"[::1]:7000x", "[::1]", "[::1]:", ":7000", "::1:7000", "1::7000",
                           "127.0.0.1:99999", "[::1]:-1"}) {
    EXPECT_FALSE(SocketAddress::parse(text)) << text;
  }
}

TEST(SocketAddressTest, FromHostAndPort) {
  auto v4 = SocketAddress::from_host_port("127.0.0.1", 7000);
  ASSERT_TRUE(v4) << v4.describe();
  EXPECT_EQ(*v4, SocketAddress::ipv4_loopback(7000));
  for (const char* host : {"::1", "[::1]"}) {
    auto v6 = SocketAddress::from_host_port(host, 7000);
    ASSERT_TRUE(v6) << host;
    EXPECT_EQ(*v6, SocketAddress::ipv6_loopback(7000)) << host;
    EXPECT_EQ(v6->to_string(), "[::1]:7000");
  }
  EXPECT_EQ(SocketAddress::from_host_port("::", 0)->to_string(), "[::]:0");
  for (const char* host : {"", "localhost", "[127.0.0.1]", "1.2.3.4:80", "[::1"}) {
    auto bad = SocketAddress::from_host_port(host, 1);
    ASSERT_FALSE(bad) << host;
    EXPECT_EQ(bad.error(), std::errc::invalid_argument) << host;
  }
}

TEST(SocketAddressTest, WithPortChangesOnlyThePort) {
  const SocketAddress v4 = SocketAddress::ipv4_loopback(1);
  EXPECT_EQ(v4.with_port(7000), SocketAddress::ipv4_loopback(7000));
  EXPECT_EQ(v4.port(), 1) << "the original is unchanged";
  EXPECT_EQ(SocketAddress::ipv6_loopback().with_port(65535).to_string(), "[::1]:65535");
  auto path = SocketAddress::unix_path("/run/app.sock");
  ASSERT_TRUE(path);
  EXPECT_EQ(path->with_port(9), *path);
}

TEST(SocketAddressTest, UnixPaths) {
  auto address = SocketAddress::unix_path("/run/app.sock");
  ASSERT_TRUE(address);
  EXPECT_EQ(address->family(), AF_UNIX);
  EXPECT_EQ(address->path(), "/run/app.sock");
  EXPECT_EQ(address->to_string(), "/run/app.sock");
  EXPECT_EQ(address->port(), 0);
  auto too_long = SocketAddress::unix_path(std::string(108, 'x'));
  EXPECT_EQ(too_long.error(), std::errc::filename_too_long);
}

TEST(SocketAddressTest, EmptyAddress) {
  SocketAddress empty;
  EXPECT_EQ(empty.family(), AF_UNSPEC);
  EXPECT_EQ(empty.to_string(), "");
  EXPECT_EQ(empty.size(), 0U);
}

}  // namespace
}  // namespace cio::net
