// cio-echo gives every byte back exactly once and in order: 200 concurrent
// connections with random payloads from 1 byte to 1 MiB, written in random
// chunks, checked by length and checksum, on each receive path and backend.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "concurrent_echo.hpp"
#include "start_echo.hpp"

namespace cio::apps_test {
namespace {

using namespace std::chrono_literals;

constexpr size_t kConnections = 200;
constexpr size_t kMaxPayload = size_t{1} << 20;

struct Variant {
  std::string name;
  std::vector<std::string> args;
};

class EchoPayloadTest : public ::testing::TestWithParam<Variant> {};

INSTANTIATE_TEST_SUITE_P(
    Paths, EchoPayloadTest,
    ::testing::Values(
        // A ring far smaller than the load: it runs dry all the time.
        Variant{"multishot_small_ring",
                {"--echo.recv.buffers", "64", "--echo.recv.buffer_size", "4096"}},
        Variant{"plain_recv", {"--echo.recv.multishot", "off", "--echo.recv.buffer_size", "3000"}},
        Variant{"epoll", {"--backend", "epoll"}},
        Variant{"distribute", {"--echo.balancing", "distribute"}}),
    [](const ::testing::TestParamInfo<Variant>& info) { return info.param.name; });

TEST_P(EchoPayloadTest, TwoHundredConnectionsGetEveryByteBack) {
  AppProcess server = start_echo(GetParam().args);
  const uint16_t port = server.wait_for_port();
  ASSERT_NE(port, 0) << server.log();
  std::vector<Socket> connections;
  for (size_t i = 0; i < kConnections; ++i) connections.push_back(connect_tcp4(port));
  const auto sizes = spread_sizes(kConnections, kMaxPayload, 42);
  const LoadReport report = echo_concurrently(connections, sizes, 7, 40s);
  EXPECT_EQ(report.echoed, kConnections) << report.first_failure << "\n" << server.log();
  EXPECT_EQ(report.failed, 0U);
  RecordProperty("echoed_bytes", std::to_string(report.bytes));
  server.signal(SIGTERM);  // a clean exit also means no sanitizer report
  EXPECT_EQ(server.wait_exit(20s), 0) << server.log();
}

}  // namespace
}  // namespace cio::apps_test
