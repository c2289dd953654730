// The examples/ programs: read_file counts a file's lines and names a file
// it cannot open; tcp_upper answers in upper case and stops on SIGTERM;
// kv_service keeps keys on their owning shards, refuses a bad address and
// stops on SIGTERM.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include <cio/testing/loopback_client.hpp>
#include <cio/testing/temp_dir.hpp>
#include "app_process.hpp"

namespace cio::apps_test {
namespace {

using namespace std::chrono_literals;

TEST(Examples, ReadFileCountsTheLines) {
  testing::TempDir dir;
  const std::string path = dir.file("three-lines.txt");
  std::ofstream(path) << "one\ntwo\nthree\n";
  AppProcess reader(CIO_READ_FILE, {path});
  EXPECT_EQ(reader.wait_exit(10s), 0) << reader.log();
  EXPECT_TRUE(reader.wait_for(path + ": 14 bytes, 3 lines", {}, 1s)) << reader.log();
}

TEST(Examples, ReadFileNamesAFileItCannotOpen) {
  AppProcess reader(CIO_READ_FILE, {"/nonexistent/file"});
  EXPECT_EQ(reader.wait_exit(10s), 1) << reader.log();
  EXPECT_TRUE(reader.wait_for("/nonexistent/file: open: No such file or directory", {}, 1s))
      << reader.log();
}

// Sends `request` and reads until `lines` newline-ended lines came back.
std::string exchange(int fd, const std::string& request, int lines) {
  if (::write(fd, request.data(), request.size()) != static_cast<ssize_t>(request.size()))
    return {};
  std::string reply;
  char buffer[4096];
  while (std::count(reply.begin(), reply.end(), '\n') < lines) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n <= 0) break;
    reply.append(buffer, static_cast<size_t>(n));
  }
  return reply;
}

TEST(Examples, TcpUpperAnswersInUpperCaseAndStopsOnSigterm) {
  AppProcess server(CIO_TCP_UPPER, {"0"});
  const auto port = server.wait_for("listening on 127.0.0.1:");
  ASSERT_TRUE(port) << server.log();
  const int client = testing::connect_loopback(static_cast<uint16_t>(std::stoi(*port)));
  ASSERT_GE(client, 0);
  EXPECT_EQ(exchange(client, "hello\n", 1), "HELLO\n");
  server.signal(SIGTERM);
  EXPECT_EQ(server.wait_exit(10s), 0) << server.log();
  char byte = 0;
  EXPECT_EQ(::read(client, &byte, 1), 0) << "the connection was not closed";
  ::close(client);
}

std::vector<std::string> kv_args(std::vector<std::string> extra) {
  std::vector<std::string> args{"--shards", "2", "--overprovision"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

TEST(Examples, KvServiceKeepsKeysAcrossShardsAndConnections) {
  AppProcess server(CIO_KV_SERVICE, kv_args({"--kv.tcp", "127.0.0.1:0"}));
  const auto port = server.wait_for("listening on 127.0.0.1:", " (2 shards)");
  ASSERT_TRUE(port) << server.log();
  std::string sets, oks, gets, expected;
  for (int i = 0; i < 20; ++i) {  // twenty keys: both shards own some
    sets += "SET key" + std::to_string(i) + " value " + std::to_string(i) + "\n";
    oks += "OK\n";
    gets += "GET key" + std::to_string(i) + "\n";
    expected += "VALUE value " + std::to_string(i) + "\n";
  }
  const int writer = testing::connect_loopback(static_cast<uint16_t>(std::stoi(*port)));
  const int reader = testing::connect_loopback(static_cast<uint16_t>(std::stoi(*port)));
  ASSERT_GE(writer, 0);
  ASSERT_GE(reader, 0);
  EXPECT_EQ(exchange(writer, sets, 20), oks);
  EXPECT_EQ(exchange(reader, gets, 20), expected);
  EXPECT_EQ(exchange(reader, "DEL key3\nGET key3\nNOPE\n", 3),
            "DELETED\nNOT_FOUND\nERROR expected: SET key value | GET key | DEL key\n");
  server.signal(SIGTERM);
  EXPECT_EQ(server.wait_exit(10s), 0) << server.log();
  ::close(writer);
  ::close(reader);
}

TEST(Examples, KvServiceRefusesABadAddressBeforeStarting) {
  AppProcess server(CIO_KV_SERVICE, kv_args({"--kv.tcp", "localhost:7002"}));
  EXPECT_EQ(server.wait_exit(10s), 2) << server.log();
  EXPECT_TRUE(server.wait_for("--kv.tcp: 'localhost:7002' is not ADDRESS:PORT", {}, 1s))
      << server.log();
}

}  // namespace
}  // namespace cio::apps_test
