// YAML config files: values land in FrameworkConfig and the app's section,
// and every bad file is one message naming file, line, column and key.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>

#include <cio/app/config.hpp>
#include <cio/app/framework_config.hpp>

#include "app/app_test_util.hpp"

namespace cio::testing {
namespace {

using namespace std::chrono_literals;

class ConfigFileTest : public ::testing::Test {
 protected:
  Parsed<> load(const std::string& yaml) {
    path_ = write_file(dir_, "app.yaml", yaml);
    return app::load_config_file(config_.schema, path_);
  }

  // The error for `yaml`, with the file name replaced by "FILE".
  std::string error_for(const std::string& yaml) {
    auto loaded = load(yaml);
    EXPECT_FALSE(loaded.ok()) << yaml;
    if (loaded.ok()) return {};
    std::string message = loaded.error();
    EXPECT_EQ(message.rfind(path_ + ":", 0), 0U) << message;
    return message.replace(0, path_.size(), "FILE");
  }

  TempDir dir_;
  std::string path_;
  AppConfig config_;
};

TEST_F(ConfigFileTest, NestedKeysLandInTheStructs) {
  auto loaded = load(R"(
shards: 4
cpuset: "0-3,6"
overprovision: true
backend: epoll
driver:
  entries: 128
  completion_entries: 1024
  registered_files: 0
  idle_poll_us: 50
log:
  level: warn
  levels:
    runtime: debug
    myapp: trace
shutdown_timeout: 2m
echo:
  port: 8080
  idle_timeout: 250ms
  listen: ["127.0.0.1", "::1"]
)");
  ASSERT_TRUE(loaded.ok()) << loaded.error();
  const app::FrameworkConfig& fw = config_.framework;
  EXPECT_EQ(fw.shards, 4U);
  EXPECT_EQ(fw.cpuset, "0-3,6");
  EXPECT_TRUE(fw.overprovision);
  EXPECT_EQ(fw.driver.backend, BackendKind::epoll);
  EXPECT_EQ(fw.driver.entries, 128U);
  EXPECT_EQ(fw.driver.completion_entries, 1024U);
  EXPECT_EQ(fw.driver.registered_files, 0U);
  EXPECT_EQ(fw.idle_poll_us, 50U);
  EXPECT_EQ(fw.log.level, app::LogLevel::warn);
  EXPECT_EQ(fw.log.levels.at("runtime"), app::LogLevel::debug);
  EXPECT_EQ(fw.log.levels.at("myapp"), app::LogLevel::trace);
  EXPECT_EQ(fw.shutdown_timeout, 2min);
  EXPECT_EQ(config_.echo.port, 8080);
  EXPECT_EQ(config_.echo.idle_timeout, 250ms);
  EXPECT_EQ(config_.echo.listen, (std::vector<std::string>{"127.0.0.1", "::1"}));
  EXPECT_EQ(config_.echo.max_connections, 1000U) << "keys not in the file keep their default";
}

TEST_F(ConfigFileTest, DottedKeysAndEmptyFilesWork) {
  ASSERT_TRUE(load("driver.entries: 64\necho.listen: []\n").ok());
  EXPECT_EQ(config_.framework.driver.entries, 64U);
  EXPECT_TRUE(config_.echo.listen.empty());
  const app::FrameworkConfig before = config_.framework;
  ASSERT_TRUE(load("").ok());
  ASSERT_TRUE(load("# only a comment\n").ok());
  EXPECT_EQ(config_.framework, before);
}

TEST_F(ConfigFileTest, OutOfRangeNamesPlaceKeyAndRange) {
  EXPECT_EQ(error_for("shards: 2\ndriver:\n  entries: 70000\n"),
            "FILE:3:3: driver.entries: 70000 is out of range (allowed 1..32768)");
  EXPECT_EQ(error_for("shards: 0\n"),
            "FILE:1:1: shards: 0 is out of range (allowed auto or 1..1024)");
  EXPECT_EQ(error_for("echo:\n  port: -1\n"),
            "FILE:2:3: echo.port: -1 is out of range (allowed 0..65535)");
  EXPECT_EQ(error_for("shutdown_timeout: 2h\n"),
            "FILE:1:1: shutdown_timeout: 2h is out of range (allowed 0s..1h)");
}

TEST_F(ConfigFileTest, WrongTypesSayWhatIsAllowed) {
  EXPECT_EQ(error_for("shards: abc\n"),
            "FILE:1:1: shards: 'abc' is not an integer (allowed auto or 1..1024)");
  EXPECT_EQ(error_for("backend: uring\n"),
            "FILE:1:1: backend: 'uring' is not a valid value (allowed auto|io_uring|epoll)");
  EXPECT_EQ(error_for("overprovision: maybe\n"),
            "FILE:1:1: overprovision: 'maybe' is not a boolean (allowed true|false)");
  EXPECT_EQ(error_for("shutdown_timeout: 5\n"),
            "FILE:1:1: shutdown_timeout: '5' needs a unit (us, ms, s, m or h), e.g. 5s (allowed "
            "0s..1h)");
  EXPECT_EQ(error_for("cpuset: 3-1\n"),
            "FILE:1:1: cpuset: bad cpuset item '3-1': range end before its start (expected ids "
            "and ranges like 0-3,6)");
  EXPECT_EQ(error_for("shards:\n  four: 4\n"),
            "FILE:1:1: shards: expected a single value, got a map");
  EXPECT_EQ(error_for("echo:\n  listen: 0.0.0.0\n"),
            "FILE:2:3: echo.listen: expected a list, got a single value");
  EXPECT_EQ(error_for("echo:\n  listen: [[a]]\n"),
            "FILE:2:12: echo.listen: list items must be single values");
  EXPECT_EQ(error_for("driver: 5\n"),
            "FILE:1:1: driver: expected a map of driver.* keys, got a single value");
  EXPECT_EQ(error_for("- shards\n"), "FILE:1:1: expected a map of keys, got a list");
}

TEST_F(ConfigFileTest, LogLevelsTakeKnownLoggersAndKnownLevels) {
  ASSERT_TRUE(load("log:\n  levels:\n    myapp: error\n").ok());
  EXPECT_EQ(config_.framework.log.levels.at("myapp"), app::LogLevel::error);
  EXPECT_EQ(error_for("log:\n  levels:\n    myapp: info\n    runtim: info\n"),
            "FILE:4:5: log.levels.runtim: unknown logger 'runtim' (did you mean 'runtime'?) "
            "(allowed app|driver|myapp|runtime; --help-loggers describes them)");
  EXPECT_EQ(error_for("log:\n  levels:\n    myapp: info\n    runtime: loud\n"),
            "FILE:4:5: log.levels.runtime: 'loud' is not a valid value (allowed "
            "trace|debug|info|warn|error|critical|off)");
  EXPECT_EQ(error_for("log:\n  level: verbose\n"),
            "FILE:2:3: log.level: 'verbose' is not a valid value (allowed "
            "trace|debug|info|warn|error|critical|off)");
}

TEST_F(ConfigFileTest, UnknownKeysSuggestTheClosestKnownOne) {
  EXPECT_EQ(error_for("driver:\n  entires: 5\n"),
            "FILE:2:3: unknown key 'driver.entires' (did you mean 'driver.entries'?)");
  EXPECT_EQ(error_for("drivr:\n  entries: 5\n"),
            "FILE:1:1: unknown key 'drivr' (did you mean 'driver'?)");
  EXPECT_EQ(error_for("echo:\n  max_conections: 5\n"),
            "FILE:2:3: unknown key 'echo.max_conections' (did you mean 'echo.max_connections'?)");
  EXPECT_EQ(error_for("colour: blue\n"), "FILE:1:1: unknown key 'colour'");
}

TEST_F(ConfigFileTest, MalformedYamlNamesThePlace) {
  const std::string message = error_for("driver:\n  entries: [1, 2\n");
  EXPECT_EQ(message.rfind("FILE:", 0), 0U);
  EXPECT_NE(message.find(": malformed YAML: "), std::string::npos) << message;
  EXPECT_EQ(error_for("a: b: c\n").rfind("FILE:1:5: malformed YAML: ", 0), 0U);
}

TEST_F(ConfigFileTest, MissingFileIsAnError) {
  const std::string path = dir_.file("absent.yaml");
  auto loaded = app::load_config_file(config_.schema, path);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error(), path + ": cannot read the config file: No such file or directory");
}

TEST_F(ConfigFileTest, DirectoryIsAnError) {
  auto loaded = app::load_config_file(config_.schema, dir_.path());
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error(), dir_.path() + ": is a directory, not a config file");
}

TEST_F(ConfigFileTest, UnreadableFileIsAnError) {
  if (geteuid() == 0) GTEST_SKIP() << "root reads files whatever their mode";
  const std::string path = write_file(dir_, "secret.yaml", "shards: 2\n");
  ASSERT_EQ(chmod(path.c_str(), 0), 0);
  auto loaded = app::load_config_file(config_.schema, path);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error(), path + ": cannot read the config file: Permission denied");
  EXPECT_EQ(config_.framework.shards, std::nullopt);
}

TEST_F(ConfigFileTest, DumpIsNestedYamlOfEveryKey) {
  config_.framework.log.levels["runtime"] = app::LogLevel::debug;
  EXPECT_EQ(app::dump_config(config_.schema),
            "shards: auto\n"
            "cpuset: \"\"\n"
            "overprovision: false\n"
            "backend: auto\n"
            "driver:\n"
            "  entries: 256\n"
            "  completion_entries: 0\n"
            "  registered_files: 64\n"
            "  idle_poll_us: 0\n"
            "log:\n"
            "  level: info\n"
            "  levels:\n"
            "    runtime: debug\n"
            "  output: stderr\n"
            "  file: \"\"\n"
            "  format: text\n"
            "shutdown_timeout: 10s\n"
            "echo:\n"
            "  port: 7000\n"
            "  max_connections: 1000\n"
            "  idle_timeout: 30s\n"
            "  listen:\n"
            "    - 0.0.0.0\n"
            "  mode: copy\n");
}

TEST_F(ConfigFileTest, DumpReadsBackToTheSameValues) {
  config_.framework.shards = 7;
  config_.framework.cpuset = "1,3-5";
  config_.framework.driver.backend = BackendKind::io_uring;
  config_.framework.shutdown_timeout = 1500ms;
  config_.echo.listen = {"a: b", "~", "", "null", "[x]", "#no comment"};
  config_.echo.mode = "splice";
  const std::string dump = app::dump_config(config_.schema);
  AppConfig copy;
  auto loaded = app::load_config_text(copy.schema, dump, "dump");
  ASSERT_TRUE(loaded.ok()) << loaded.error() << "\n" << dump;
  EXPECT_EQ(copy.framework, config_.framework);
  EXPECT_EQ(copy.echo, config_.echo);
  EXPECT_EQ(app::dump_config(copy.schema), dump);
}

TEST(FrameworkConfig, DefaultsFollowDriverConfig) {
  EXPECT_EQ(app::FrameworkConfig{}.driver, DriverConfig{});
}

TEST(FrameworkConfig, MakesTheRuntimeConfig) {
  app::FrameworkConfig config;
  config.driver.backend = BackendKind::epoll;
  config.driver.entries = 64;
  config.driver.completion_entries = 512;
  config.driver.registered_files = 8;
  config.idle_poll_us = 30;
  const RuntimeConfig runtime = app::make_runtime_config(config);
  EXPECT_EQ(runtime.driver.backend, BackendKind::epoll);
  EXPECT_EQ(runtime.driver.entries, 64U);
  EXPECT_EQ(runtime.driver.completion_entries, 512U);
  EXPECT_EQ(runtime.driver.registered_files, 8U);
  EXPECT_EQ(runtime.idle_poll, std::chrono::microseconds(30));
  EXPECT_EQ(runtime.task_batch, RuntimeConfig{}.task_batch);
}

}  // namespace
}  // namespace cio::testing
