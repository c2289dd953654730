// log.format and log.output: the time's UTC offset, JSON lines and their
// escaping, a log file reopened after it was moved, a file that cannot be
// opened, and syslog (received at /dev/log where no daemon owns it).
#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <array>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

#include <cio/app/logging.hpp>

#include <cio/testing/temp_dir.hpp>

namespace cio::app {
namespace {

// Whether `text` has the shape of `pattern`, where 'D' stands for a digit
// and 'S' for the sign of a UTC offset ('+' or '-'). (Not std::regex: GCC
// 12 warns inside it in the Sanitize build.)
bool fits(std::string_view text, std::string_view pattern) {
  if (text.size() != pattern.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char want = pattern[i];
    const char got = text[i];
    const bool ok = want == 'D'   ? std::isdigit(static_cast<unsigned char>(got)) != 0
                    : want == 'S' ? (got == '+' || got == '-')
                                  : got == want;
    if (!ok) return false;
  }
  return true;
}

std::string read_all(const std::string& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), {}};
}

class LogOutputTest : public ::testing::Test {
 protected:
  void TearDown() override {
    set_log_shard(-1);
    configure_logging({}, std::make_shared<spdlog::sinks::null_sink_mt>());
  }

  std::ostringstream stream_;
  const Logger log_{"app-output"};
};

TEST_F(LogOutputTest, TextLinesStartWithTheTimeAndItsUtcOffset) {
  configure_logging({}, std::make_shared<spdlog::sinks::ostream_sink_mt>(stream_));
  log_->info("offset");
  EXPECT_TRUE(fits(stream_.str(),
                   "[DDDD-DD-DD DD:DD:DD.DDD SDD:DD] [main] [app-output] [info] "
                   "offset\n"))
      << stream_.str();
}

TEST_F(LogOutputTest, JsonLinesAreOneObjectEach) {
  configure_logging({.format = LogFormat::json},
                    std::make_shared<spdlog::sinks::ostream_sink_mt>(stream_));
  set_log_shard(2);
  log_->warn("on {}", "two");
  EXPECT_TRUE(fits(stream_.str(),
                   R"({"time":"DDDD-DD-DDTDD:DD:DD.DDDSDD:DD","shard":2,"logger":"app-output",)"
                   R"("level":"warning","message":"on two"})"
                   "\n"))
      << stream_.str();
}

TEST_F(LogOutputTest, JsonEscapesQuotesBackslashesAndControlCharacters) {
  configure_logging({.format = LogFormat::json},
                    std::make_shared<spdlog::sinks::ostream_sink_mt>(stream_));
  log_->info("say \"hi\" C:\\tmp\nnext\ttab\r\x01\x1f caf\xc3\xa9 \xe2\x82\xac");
  const std::string expected = R"("shard":null,"logger":"app-output","level":"info",)"
                               R"("message":"say \"hi\" C:\\tmp\nnext\ttab\r\u0001\u001f café €"})"
                               "\n";
  const std::string written = stream_.str();
  ASSERT_GE(written.size(), expected.size()) << written;
  EXPECT_EQ(written.substr(written.size() - expected.size()), expected) << written;
}

TEST_F(LogOutputTest, AFileIsAppendedToAndReopenedAfterAMove) {
  cio::testing::TempDir dir;
  const std::string path = dir.file("app.log");
  std::ofstream(path) << "kept\n";
  configure_logging({.output = LogOutput::file, .file = path});
  log_->info("before the move");
  ASSERT_EQ(std::rename(path.c_str(), (path + ".1").c_str()), 0);
  log_->info("still the old file");
  EXPECT_FALSE(reopen_log_file());
  log_->info("after the reopen");
  const std::string old_file = read_all(path + ".1");
  const std::string new_file = read_all(path);
  EXPECT_EQ(old_file.rfind("kept\n", 0), 0U) << old_file;
  EXPECT_NE(old_file.find("before the move"), std::string::npos) << old_file;
  EXPECT_NE(old_file.find("still the old file"), std::string::npos) << old_file;
  EXPECT_EQ(old_file.find("after the reopen"), std::string::npos) << old_file;
  EXPECT_NE(new_file.find("[app-output] [info] after the reopen\n"), std::string::npos) << new_file;
}

TEST_F(LogOutputTest, AFileThatCannotBeOpenedThrowsNamingThePath) {
  cio::testing::TempDir dir;
  const std::string path = dir.file("missing/app.log");
  try {
    configure_logging({.output = LogOutput::file, .file = path});
    ADD_FAILURE() << "no error for " << path;
  } catch (const std::system_error& error) {
    EXPECT_EQ(error.code().value(), ENOENT);
    EXPECT_NE(std::string(error.what()).find("'" + path + "'"), std::string::npos) << error.what();
  }
  EXPECT_FALSE(reopen_log_file()) << "nothing to reopen: the stderr sink stays";
}

// /dev/log, bound by the test for as long as it lives, when no syslog
// daemon owns it and the test may create it (root, as in CI).
class FakeSyslog {
 public:
  static constexpr const char* kPath = "/dev/log";

  FakeSyslog() {
    struct stat existing {};
    if (::lstat(kPath, &existing) == 0) {
      why_not_ = "a syslog daemon owns /dev/log; it is left alone";
      return;
    }
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, kPath, sizeof(address.sun_path) - 1);
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
      why_not_ = std::string("cannot bind /dev/log: ") + std::strerror(errno);
      ::close(std::exchange(fd_, -1));
      return;
    }
    timeval wait{.tv_sec = 5, .tv_usec = 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof(wait));
  }
  FakeSyslog(const FakeSyslog&) = delete;
  FakeSyslog& operator=(const FakeSyslog&) = delete;
  ~FakeSyslog() {
    if (fd_ < 0) return;
    ::close(fd_);
    ::unlink(kPath);
  }

  // Why the test cannot run here ("" when it can).
  const std::string& why_not() const { return why_not_; }
  // The next message syslog(3) sent, or "" after 5 s.
  std::string receive() const {
    std::array<char, 2048> buffer{};
    const ssize_t got = ::recv(fd_, buffer.data(), buffer.size(), 0);
    return got > 0 ? std::string(buffer.data(), static_cast<size_t>(got)) : std::string();
  }

 private:
  int fd_ = -1;
  std::string why_not_;
};

TEST_F(LogOutputTest, SyslogGetsTheLineWithTheIdentAndThePriority) {
  FakeSyslog syslog_daemon;
  if (!syslog_daemon.why_not().empty()) GTEST_SKIP() << syslog_daemon.why_not();
  configure_logging({.output = LogOutput::syslog, .syslog_ident = "cio-syslog-test"});
  log_->warn("disk {} is slow", 3);
  const std::string message = syslog_daemon.receive();
  // <12>: LOG_USER (8) + LOG_WARNING (4).
  EXPECT_EQ(message.rfind("<12>", 0), 0U) << message;
  EXPECT_NE(message.find("cio-syslog-test["), std::string::npos) << message;
  EXPECT_NE(message.find("[app-output] disk 3 is slow"), std::string::npos) << message;
}

}  // namespace
}  // namespace cio::app
