// Logging: one sink and pattern for every area logger, the shard in every
// line, levels per logger, and colour only on a terminal.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <stdlib.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>

#include <cio/app/logging.hpp>
#include <cio/core/runtime.hpp>

#include <cio/testing/temp_dir.hpp>
#include "runtime/runtime_test_util.hpp"

namespace cio::app {
namespace {

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

class LoggingTest : public ::testing::Test {
 protected:
  void configure(const LogConfig& config) {
    configure_logging(config, std::make_shared<spdlog::sinks::ostream_sink_mt>(stream_));
  }
  std::string output() const { return stream_.str(); }

  void TearDown() override {
    set_log_shard(-1);
    configure_logging({}, std::make_shared<spdlog::sinks::null_sink_mt>());
  }

  std::ostringstream stream_;
};

TEST_F(LoggingTest, LinesNameTheLoggerLevelAndMain) {
  configure({});
  Logger("app-test")->warn("hello {}", 42);
  EXPECT_TRUE(contains(output(), "] [main] [app-test] [warning] hello 42\n")) << output();
}

TEST_F(LoggingTest, LinesNameTheShardOfTheirThread) {
  configure({});
  set_log_shard(3);
  Logger("app-test")->info("on three");
  std::thread([] {
    set_log_shard(1);
    Logger("app-test")->info("on one");
  }).join();
  set_log_shard(-1);
  Logger("app-test")->info("back on main");
  EXPECT_TRUE(contains(output(), "[shard 3] [app-test] [info] on three")) << output();
  EXPECT_TRUE(contains(output(), "[shard 1] [app-test] [info] on one")) << output();
  EXPECT_TRUE(contains(output(), "[main] [app-test] [info] back on main")) << output();
}

TEST_F(LoggingTest, GlobalLevelAndPerLoggerLevels) {
  configure({.level = LogLevel::warn, .levels = {{"runtime", LogLevel::debug}}});
  Logger("driver")->info("driver info");
  Logger("driver")->warn("driver warn");
  Logger("runtime")->debug("runtime debug");
  Logger("runtime")->trace("runtime trace");
  Logger("app-fresh")->info("fresh info");
  EXPECT_FALSE(contains(output(), "driver info")) << output();
  EXPECT_TRUE(contains(output(), "driver warn")) << output();
  EXPECT_TRUE(contains(output(), "runtime debug")) << output();
  EXPECT_FALSE(contains(output(), "runtime trace")) << output();
  EXPECT_FALSE(contains(output(), "fresh info")) << "new loggers take the global level";
}

TEST_F(LoggingTest, LevelsApplyToLoggersCreatedLater) {
  configure({.level = LogLevel::error, .levels = {{"app-later", LogLevel::debug}}});
  Logger("app-later")->debug("later debug");
  EXPECT_TRUE(contains(output(), "[app-later] [debug] later debug")) << output();
}

TEST_F(LoggingTest, AHandleObtainedBeforeConfigurationFollowsIt) {
  const Logger handle("app-handle");
  handle->debug("before: not at info");
  configure({.level = LogLevel::error, .levels = {{"app-handle", LogLevel::debug}}});
  handle->debug("after: debug");
  handle->trace("after: not at debug");
  EXPECT_EQ(output().find("before"), std::string::npos) << output();
  EXPECT_TRUE(contains(output(), "[main] [app-handle] [debug] after: debug\n")) << output();
  EXPECT_FALSE(contains(output(), "not at debug")) << output();
}

TEST_F(LoggingTest, ReconfiguresLoggersMadeBeforeIt) {
  // As drivers/src/log.cpp does when the driver logs before configuration.
  auto early = spdlog::get("app-early");
  if (!early) early = spdlog::stderr_color_mt("app-early");
  configure({.level = LogLevel::info, .levels = {{"app-early", LogLevel::trace}}});
  early->trace("early trace");
  EXPECT_TRUE(contains(output(), "[main] [app-early] [trace] early trace")) << output();
  EXPECT_EQ(&*Logger("app-early"), early.get());
  EXPECT_NE(spdlog::get("driver"), nullptr) << "configure_logging registers the areas";
  EXPECT_EQ(spdlog::get("runtime").get(), &*Logger("runtime"));
}

Task<void> fail_after_yield() {
  co_await cio::testing::yield();
  throw std::runtime_error("logged boom");
}

Task<void> yield_a_few_times() {
  for (int i = 0; i < 5; ++i) co_await cio::testing::yield();
}

TEST_F(LoggingTest, DriverAndRuntimeLogThroughTheConfiguredSink) {
  configure({.level = LogLevel::info, .levels = {{"driver", LogLevel::trace}}});
  RuntimeConfig config;
  config.driver.backend = BackendKind::epoll;
  Runtime runtime(config);
  runtime.spawn(fail_after_yield());
  runtime.block_on(yield_a_few_times());
  EXPECT_TRUE(contains(output(), "[main] [driver] ")) << output();
  EXPECT_TRUE(contains(output(), "driver: epoll")) << output();
  EXPECT_TRUE(contains(output(), "[main] [runtime] [error] spawned task failed: logged boom"))
      << output();
}

// Runs `log` with fd 2 pointing at `fd`, then puts stderr back.
template <typename Log>
void with_stderr_on(int fd, Log log) {
  const int saved = dup(STDERR_FILENO);
  ASSERT_GE(saved, 0);
  ASSERT_EQ(dup2(fd, STDERR_FILENO), STDERR_FILENO);
  log();
  dup2(saved, STDERR_FILENO);
  close(saved);
}

void log_to_stderr(std::string_view text) {
  configure_logging({});
  Logger("app-colour")->warn("{}", text);
}

TEST_F(LoggingTest, NoColourWhenStderrIsAFile) {
  cio::testing::TempDir dir;
  const std::string path = dir.file("stderr.log");
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  ASSERT_GE(fd, 0);
  with_stderr_on(fd, [] { log_to_stderr("plain"); });
  close(fd);
  std::ifstream in(path);
  const std::string written{std::istreambuf_iterator<char>(in), {}};
  EXPECT_TRUE(contains(written, "[warning] plain")) << written;
  EXPECT_FALSE(contains(written, "\x1b[")) << written;
}

// What the terminal shows up to the first newline; it arrives in pieces, one
// per write of the sink. Gives up after a second without data.
std::string read_line(int master) {
  std::string text;
  pollfd ready{.fd = master, .events = POLLIN, .revents = 0};
  char buffer[256];
  while (text.find('\n') == std::string::npos && poll(&ready, 1, 1000) == 1) {
    const ssize_t got = read(master, buffer, sizeof(buffer));
    if (got <= 0) break;
    text.append(buffer, static_cast<size_t>(got));
  }
  return text;
}

TEST_F(LoggingTest, ColourWhenStderrIsATerminal) {
  const int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0) {
    if (master >= 0) close(master);
    GTEST_SKIP() << "no pseudo-terminal here";
  }
  const int terminal = open(ptsname(master), O_RDWR | O_NOCTTY | O_CLOEXEC);
  ASSERT_GE(terminal, 0);
  with_stderr_on(terminal, [] { log_to_stderr("coloured"); });
  close(terminal);
  const std::string written = read_line(master);
  close(master);
  EXPECT_TRUE(contains(written, "coloured")) << written;
  EXPECT_TRUE(contains(written, "\x1b[")) << written;
}

TEST(LogLevelName, MatchesTheConfigNames) {
  EXPECT_EQ(log_level_name(LogLevel::trace), "trace");
  EXPECT_EQ(log_level_name(LogLevel::warn), "warn");
  EXPECT_EQ(log_level_name(LogLevel::off), "off");
}

}  // namespace
}  // namespace cio::app
