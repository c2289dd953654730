// The examples/ programs: read_file counts a file's lines and names a file
// it cannot open; tcp_upper answers in upper case and stops on SIGTERM.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <string>

#include "app_process.hpp"
#include "fs/temp_dir.hpp"
#include "loopback_client.hpp"

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

TEST(Examples, TcpUpperAnswersInUpperCaseAndStopsOnSigterm) {
  AppProcess server(CIO_TCP_UPPER, {"0"});
  const auto port = server.wait_for("listening on 127.0.0.1:");
  ASSERT_TRUE(port) << server.log();
  const int client = testing::connect_loopback(static_cast<uint16_t>(std::stoi(*port)));
  ASSERT_GE(client, 0);
  ASSERT_EQ(::write(client, "hello\n", 6), 6);
  char reply[7] = {};
  size_t got = 0;
  while (got < 6) {
    const ssize_t n = ::read(client, reply + got, 6 - got);
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  EXPECT_STREQ(reply, "HELLO\n");
  server.signal(SIGTERM);
  EXPECT_EQ(server.wait_exit(10s), 0) << server.log();
  EXPECT_EQ(::read(client, reply, 1), 0) << "the connection was not closed";
  ::close(client);
}

}  // namespace
}  // namespace cio::apps_test
