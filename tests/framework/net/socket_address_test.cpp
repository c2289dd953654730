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
