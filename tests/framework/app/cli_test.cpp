// parse_command_line: defaults < --config file < flags; --help and
// --dump-config exit 0, every error exits 2 with one line on stderr.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include <cio/app/config.hpp>

#include "app/app_test_util.hpp"

namespace cio::testing {
namespace {

using namespace std::chrono_literals;

bool ran(const CliRun& run) {
  return run.outcome.action == app::ParseOutcome::Action::run && run.outcome.exit_code == 0 &&
         run.out.empty() && run.err.empty();
}

TEST(Cli, NoArgumentsKeepsTheDefaults) {
  AppConfig config;
  EXPECT_TRUE(ran(run_cli(config.schema, {})));
  EXPECT_EQ(config.framework, app::FrameworkConfig{});
  EXPECT_EQ(config.echo, EchoOptions{});
}

TEST(Cli, FlagsAreNamedLikeTheKeys) {
  AppConfig config;
  const CliRun run = run_cli(config.schema, {"--shards",
                                             "4",
                                             "--driver.entries",
                                             "256",
                                             "--log.level",
                                             "debug",
                                             "--echo.max_connections",
                                             "100",
                                             "--backend",
                                             "epoll",
                                             "--overprovision",
                                             "--shutdown_timeout",
                                             "250ms",
                                             "--cpuset=0-1",
                                             "--echo.listen",
                                             "a",
                                             "b",
                                             "--log.levels",
                                             "runtime=trace",
                                             "--log.levels",
                                             "driver=off"});
  ASSERT_TRUE(ran(run)) << run.err;
  const app::FrameworkConfig& fw = config.framework;
  EXPECT_EQ(fw.shards, 4U);
  EXPECT_EQ(fw.driver.entries, 256U);
  EXPECT_EQ(fw.log.level, app::LogLevel::debug);
  EXPECT_EQ(config.echo.max_connections, 100U);
  EXPECT_EQ(fw.driver.backend, BackendKind::epoll);
  EXPECT_TRUE(fw.overprovision);
  EXPECT_EQ(fw.shutdown_timeout, 250ms);
  EXPECT_EQ(fw.cpuset, "0-1");
  EXPECT_EQ(config.echo.listen, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(fw.log.levels.at("runtime"), app::LogLevel::trace);
  EXPECT_EQ(fw.log.levels.at("driver"), app::LogLevel::off);
}

TEST(Cli, FlagsOverrideTheFileWhichOverridesDefaults) {
  TempDir dir;
  const std::string path =
      write_file(dir, "app.yaml",
                 "shards: 2\noverprovision: true\ndriver:\n  entries: 128\n"
                 "log:\n  levels: {runtime: debug}\necho:\n  listen: [x, y]\n");
  AppConfig config;
  const CliRun run =
      run_cli(config.schema, {"--shards", "4", "--config", path, "--overprovision=false",
                              "--log.levels", "driver=warn", "--echo.listen", "z"});
  ASSERT_TRUE(ran(run)) << run.err;
  EXPECT_EQ(config.framework.shards, 4U) << "the flag wins, wherever it stands";
  EXPECT_FALSE(config.framework.overprovision);
  EXPECT_EQ(config.framework.driver.entries, 128U) << "the file wins over the default";
  EXPECT_EQ(config.framework.log.levels.size(), 2U) << "map flags add to the file's map";
  EXPECT_EQ(config.framework.log.levels.at("runtime"), app::LogLevel::debug);
  EXPECT_EQ(config.echo.listen, std::vector<std::string>{"z"}) << "list flags replace it";
}

TEST(Cli, AnEmptyValueEmptiesAList) {
  TempDir dir;
  const std::string path = write_file(dir, "app.yaml", "echo:\n  listen: [x, y]\n");
  AppConfig config;
  const CliRun run = run_cli(config.schema, {"--config", path, "--echo.listen", ""});
  ASSERT_TRUE(ran(run)) << run.err;
  EXPECT_TRUE(config.echo.listen.empty());
}

TEST(Cli, KeyEqualsNothingEmptiesAListAndLeavesTheNextFlagAlone) {
  TempDir dir;
  const std::string path = write_file(dir, "app.yaml", "echo:\n  listen: [x, y]\n");
  AppConfig config;
  const CliRun run = run_cli(config.schema, {"--config", path, "--echo.listen=", "--shards", "3"});
  ASSERT_TRUE(ran(run)) << run.err;
  EXPECT_TRUE(config.echo.listen.empty());
  EXPECT_EQ(config.framework.shards, 3U);
}

// What follows every usage error, as in GNU tools.
const std::string kTryHelp = "Try 'cio-test --help' for more information.\n";

struct BadArgs {
  std::vector<std::string> args;
  std::string message;  // the whole stderr before kTryHelp
};

class CliErrorTest : public ::testing::TestWithParam<BadArgs> {};

TEST_P(CliErrorTest, OneLineThenTheHelpHintAndExitCode2) {
  AppConfig config;
  const CliRun run = run_cli(config.schema, GetParam().args);
  EXPECT_TRUE(run.exited_with(app::kUsageErrorExit)) << run.outcome.exit_code;
  EXPECT_EQ(run.err, GetParam().message + kTryHelp);
  EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 2);
  EXPECT_TRUE(run.out.empty()) << run.out;
}

INSTANTIATE_TEST_SUITE_P(
    Flags, CliErrorTest,
    ::testing::Values(
        BadArgs{{"--shards", "0"},
                "cio-test: --shards: 0 is out of range (allowed auto or 1..1024)\n"},
        BadArgs{{"--shards", "9999"},
                "cio-test: --shards: 9999 is out of range (allowed auto or 1..1024)\n"},
        BadArgs{{"--shards", "abc"},
                "cio-test: --shards: 'abc' is not an integer (allowed auto or 1..1024)\n"},
        BadArgs{{"--shardz", "3"},
                "cio-test: unknown option '--shardz' (did you mean '--shards'?)\n"},
        BadArgs{{"--driver.entires=5"},
                "cio-test: unknown option '--driver.entires' (did you mean '--driver.entries'?)\n"},
        BadArgs{{"--verbose"}, "cio-test: unknown option '--verbose'\n"},
        BadArgs{{"stray"},
                "cio-test: unexpected argument 'stray': not a readable config file (cio-test "
                "takes no operands; a lone argument names the config file)\n"},
        BadArgs{{"--overprovision", "maybe"},
                "cio-test: unexpected argument 'maybe': not a readable config file (cio-test "
                "takes no operands; a lone argument names the config file)\n"},
        BadArgs{{"--shards"}, "cio-test: --shards: 1 required INT missing\n"},
        BadArgs{{"--shards=", "--overprovision"},
                "cio-test: --shards: '' is not an integer (allowed auto or 1..1024)\n"},
        BadArgs{{"--overprovision=maybe"},
                "cio-test: --overprovision: 'maybe' is not a boolean (allowed true|false)\n"},
        BadArgs{{"--shutdown_timeout", "5"},
                "cio-test: --shutdown_timeout: '5' needs a unit (us, ms, s, m or h), e.g. 5s "
                "(allowed 0s..1h)\n"},
        BadArgs{{"--log.levels", "runtime"},
                "cio-test: --log.levels: 'runtime' is not of the form NAME=VALUE\n"},
        BadArgs{{"--log.levels", "runtime=loud"},
                "cio-test: --log.levels runtime: 'loud' is not a valid value (allowed "
                "trace|debug|info|warn|error|critical|off)\n"},
        BadArgs{{"--log.levels", "runtme=debug"},
                "cio-test: --log.levels runtme: unknown logger 'runtme' (did you mean "
                "'runtime'?) (allowed app|driver|myapp|runtime; --help-loggers describes "
                "them)\n"},
        BadArgs{{"--log.output", "file"},
                "cio-test: --log.output: with log.output file, log.file must name the path to "
                "append to\n"},
        BadArgs{{"--log.output", "file", "--log.file="},
                "cio-test: --log.file: with log.output file, log.file must name the path to append "
                "to\n"},
        BadArgs{{"--log.format", "xml"},
                "cio-test: --log.format: 'xml' is not a valid value (allowed text|json)\n"},
        BadArgs{{"--cpuset", "0-"},
                "cio-test: --cpuset: bad cpuset item '0-': not a CPU id (expected ids and ranges "
                "like 0-3,6)\n"}));

TEST(Cli, ConfigFileErrorsExit2) {
  TempDir dir;
  const std::string path = write_file(dir, "app.yaml", "shards: 2\ndriver:\n  entries: 70000\n");
  AppConfig config;
  CliRun run = run_cli(config.schema, {"--config", path});
  EXPECT_TRUE(run.exited_with(app::kUsageErrorExit));
  EXPECT_EQ(run.err, "cio-test: " + path +
                         ":3:3: driver.entries: 70000 is out of range (allowed 1..32768)\n" +
                         kTryHelp);
  run = run_cli(config.schema, {"--config", dir.file("absent.yaml")});
  EXPECT_TRUE(run.exited_with(app::kUsageErrorExit));
  EXPECT_NE(run.err.find("No such file or directory"), std::string::npos) << run.err;
  run = run_cli(config.schema, {"--config", dir.path()});
  EXPECT_TRUE(run.exited_with(app::kUsageErrorExit));
  EXPECT_NE(run.err.find("is a directory"), std::string::npos) << run.err;
}

TEST(Cli, LogOutputFileWithoutAPathNamesTheLineOfTheKey) {
  TempDir dir;
  const std::string path = write_file(dir, "app.yaml", "log:\n  level: info\n  output: file\n");
  AppConfig config;
  CliRun run = run_cli(config.schema, {"--config", path});
  EXPECT_TRUE(run.exited_with(app::kUsageErrorExit));
  EXPECT_EQ(
      run.err,
      "cio-test: " + path +
          ":3:3: log.output: with log.output file, log.file must name the path to append to\n" +
          kTryHelp);
  run = run_cli(config.schema, {"--config", path, "--log.file", dir.file("app.log")});
  EXPECT_TRUE(ran(run)) << run.err;
  EXPECT_EQ(config.framework.log.file, dir.file("app.log"));
}

TEST(Cli, AMisspeltLoggerInTheFileNamesItsLine) {
  TempDir dir;
  const std::string path = write_file(dir, "app.yaml", "log:\n  levels:\n    drivr: warn\n");
  AppConfig config;
  const CliRun run = run_cli(config.schema, {"--config", path});
  EXPECT_TRUE(run.exited_with(app::kUsageErrorExit));
  EXPECT_EQ(run.err.rfind("cio-test: " + path +
                              ":3:5: log.levels.drivr: unknown logger 'drivr' (did you mean "
                              "'driver'?)",
                          0),
            0U)
      << run.err;
}

TEST(Cli, HelpLoggersListsEveryKnownLoggerAndExits0) {
  AppConfig config;
  const CliRun run = run_cli(config.schema, {"--help-loggers"});
  EXPECT_TRUE(run.exited_with(0));
  EXPECT_TRUE(run.err.empty()) << run.err;
  for (const app::LoggerInfo& logger : app::known_loggers()) {
    EXPECT_NE(run.out.find("  " + logger.name + " "), std::string::npos) << run.out;
    EXPECT_NE(run.out.find(logger.description + "\n"), std::string::npos) << run.out;
  }
  for (const char* name : {"app", "driver", "runtime", "myapp"}) {
    EXPECT_NE(run.out.find(std::string("  ") + name + " "), std::string::npos) << run.out;
  }
}

TEST(Cli, HelpGroupsOptionsAndShowsDefaultsAndRanges) {
  AppConfig config;
  const CliRun run = run_cli(config.schema, {"--help"});
  EXPECT_TRUE(run.exited_with(0));
  EXPECT_TRUE(run.err.empty()) << run.err;
  const std::string& help = run.out;
  const size_t framework = help.find("Framework options:");
  const size_t echo = help.find("Echo options:");
  ASSERT_NE(framework, std::string::npos) << help;
  ASSERT_NE(echo, std::string::npos) << help;
  EXPECT_LT(framework, help.find("--driver.entries"));
  EXPECT_LT(help.find("--driver.entries"), echo);
  EXPECT_LT(echo, help.find("--echo.max_connections"));
  for (const char* expected : {"Config test program", "--config", "--dump-config",
                               "(1..32768; default 256)", "(auto or 1..1024; default auto)",
                               "(0s..1h; default 10s)", "(auto|io_uring|epoll; default auto)",
                               "(default 0.0.0.0)", "(copy|splice; default copy)"}) {
    EXPECT_NE(help.find(expected), std::string::npos) << expected << " missing from\n" << help;
  }
}

TEST(Cli, DumpConfigPrintsEveryKeyAndExits0) {
  AppConfig config;
  const CliRun run = run_cli(config.schema, {"--dump-config", "--driver.entries", "64"});
  EXPECT_TRUE(run.exited_with(0));
  EXPECT_TRUE(run.err.empty()) << run.err;
  EXPECT_NE(run.out.find("  entries: 64\n"), std::string::npos) << run.out;
  for (const app::ConfigOption& option : config.schema.options()) {
    const std::string leaf = option.key.substr(option.key.rfind('.') + 1);
    EXPECT_NE(run.out.find(leaf + ":"), std::string::npos) << option.key << " missing";
  }
}

TEST(Cli, DumpConfigFedBackGivesTheSameConfig) {
  AppConfig first;
  const CliRun dumped = run_cli(first.schema, {"--shards",
                                               "3",
                                               "--cpuset",
                                               "0,2",
                                               "--backend",
                                               "epoll",
                                               "--driver.idle_poll_us",
                                               "20",
                                               "--log.levels",
                                               "myapp=error",
                                               "--shutdown_timeout",
                                               "90s",
                                               "--echo.listen",
                                               "::1",
                                               "a b",
                                               "--echo.port",
                                               "0",
                                               "--echo.mode",
                                               "splice",
                                               "--dump-config"});
  ASSERT_TRUE(dumped.exited_with(0)) << dumped.err;
  TempDir dir;
  const std::string path = write_file(dir, "dumped.yaml", dumped.out);
  AppConfig second;
  const CliRun again = run_cli(second.schema, {"--config", path, "--dump-config"});
  ASSERT_TRUE(again.exited_with(0)) << again.err;
  EXPECT_EQ(again.out, dumped.out);
  EXPECT_EQ(second.framework, first.framework);
  EXPECT_EQ(second.echo, first.echo);
  EXPECT_NE(second.framework, app::FrameworkConfig{}) << "the round trip must carry changes";
}

TEST(Cli, VersionPrintsNameAndProjectVersion) {
  for (const char* flag : {"--version", "-v"}) {
    AppConfig config;
    const CliRun run = run_cli(config.schema, {flag, "--shards", "0"});
    EXPECT_TRUE(run.exited_with(0)) << run.err;
    EXPECT_EQ(run.out, std::string("cio-test ") + CIO_EXPECTED_VERSION + "\n");
    EXPECT_TRUE(run.err.empty()) << run.err;
  }
}

TEST(Cli, ShortConfigFlagAndLoneArgumentNameTheFile) {
  TempDir dir;
  const std::string path = write_file(dir, "app.yaml", "shards: 2\n");
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"-c", path},
        std::vector<std::string>{path, "--driver.entries", "64"},
        std::vector<std::string>{"--driver.entries", "64", path}}) {
    AppConfig config;
    const CliRun run = run_cli(config.schema, args);
    ASSERT_TRUE(ran(run)) << run.err;
    EXPECT_EQ(config.framework.shards, 2U) << args.front();
  }
}

TEST(Cli, MoreThanTheConfigFileIsAUsageError) {
  TempDir dir;
  const std::string path = write_file(dir, "app.yaml", "shards: 2\n");
  AppConfig config;
  CliRun run = run_cli(config.schema, {path, path});
  EXPECT_TRUE(run.exited_with(app::kUsageErrorExit));
  EXPECT_NE(run.err.find("unexpected argument '" + path + "' (cio-test takes no operands"),
            std::string::npos)
      << run.err;
  run = run_cli(config.schema, {"--config", path, path});
  EXPECT_TRUE(run.exited_with(app::kUsageErrorExit)) << run.err;
  EXPECT_NE(run.err.find("(--config already names the file)"), std::string::npos) << run.err;
  run = run_cli(config.schema, {dir.path()});
  EXPECT_TRUE(run.exited_with(app::kUsageErrorExit));
  EXPECT_NE(run.err.find("not a readable config file"), std::string::npos) << run.err;
}

TEST(Cli, AnAppWithOperandsGetsThemBack) {
  TempDir dir;
  const std::string path = write_file(dir, "app.yaml", "shards: 2\n");
  AppConfig config;
  const CliRun run =
      run_cli(config.schema, {path, "--overprovision", "b", "--", "-c"}, app::Operands::own);
  ASSERT_TRUE(ran(run)) << run.err << run.out;
  EXPECT_EQ(run.outcome.operands, (std::vector<std::string>{path, "b", "-c"}));
  EXPECT_EQ(config.framework.shards, std::nullopt) << "an operand is not a config file";
  EXPECT_TRUE(config.framework.overprovision) << "'b' is not a boolean word";
}

TEST(Cli, BooleansTakeAWordAsTheirValue) {
  const std::vector<std::pair<std::vector<std::string>, bool>> cases{
      {{"--overprovision", "false"}, false}, {{"--overprovision", "true"}, true},
      {{"--overprovision", "off"}, false},   {{"--overprovision=no"}, false},
      {{"--overprovision"}, true},           {{"--overprovision", "--shards", "3"}, true}};
  for (const auto& [args, expected] : cases) {
    AppConfig config;
    config.framework.overprovision = !expected;
    const CliRun run = run_cli(config.schema, args);
    ASSERT_TRUE(ran(run)) << run.err;
    EXPECT_EQ(config.framework.overprovision, expected) << args.size();
  }
}

TEST(Cli, CheckConfigPrintsNothingWhenValid) {
  for (const char* flag : {"--check-config", "-t"}) {
    AppConfig config;
    const CliRun run = run_cli(config.schema, {flag, "--shards", "3"});
    EXPECT_EQ(run.outcome.action, app::ParseOutcome::Action::check);
    EXPECT_EQ(run.outcome.exit_code, 0);
    EXPECT_TRUE(run.out.empty() && run.err.empty()) << run.out << run.err;
    EXPECT_EQ(config.framework.shards, 3U);
  }
}

TEST(Cli, EveryErrorIsReportedOnItsOwnLine) {
  TempDir dir;
  const std::string path = write_file(
      dir, "app.yaml", "shards: 0\ndriver:\n  entries: 70000\nbakend: epoll\nbackend: epoll\n");
  AppConfig config;
  const CliRun run = run_cli(config.schema, {"-t", path, "--echo.port", "-1", "--log.levels",
                                             "a=loud", "b", "--shutdown_timeout", "5"});
  EXPECT_TRUE(run.exited_with(app::kUsageErrorExit));
  EXPECT_EQ(run.err,
            "cio-test: " + path + ":1:1: shards: 0 is out of range (allowed auto or 1..1024)\n" +
                "cio-test: " + path +
                ":3:3: driver.entries: 70000 is out of range (allowed 1..32768)\n" +
                "cio-test: " + path +
                ":4:1: unknown key 'bakend' (did you mean 'backend'?)\n"
                "cio-test: --log.levels a: 'loud' is not a valid value (allowed "
                "trace|debug|info|warn|error|critical|off)\n"
                "cio-test: --log.levels: 'b' is not of the form NAME=VALUE\n"
                "cio-test: --shutdown_timeout: '5' needs a unit (us, ms, s, m or h), e.g. 5s "
                "(allowed 0s..1h)\n"
                "cio-test: --echo.port: -1 is out of range (allowed 0..65535)\n" +
                kTryHelp);
  EXPECT_EQ(config.framework.driver.backend, BackendKind::epoll) << "good keys are still read";
  const CliRun unknown = run_cli(config.schema, {"--shardz", "3", "--verbose"});
  EXPECT_EQ(std::count(unknown.err.begin(), unknown.err.end(), '\n'), 3) << unknown.err;
}

TEST(Cli, RulesRunAfterTheFlagsAndNameTheFlag) {
  AppConfig config;
  config.schema.add_rule({"echo.max_connections", "echo.port"}, [&]() -> Parsed<> {
    if (config.echo.max_connections <= config.echo.port) return {};
    return ParseError{"more than echo.port"};
  });
  EXPECT_TRUE(ran(run_cli(config.schema, {})));
  const CliRun run = run_cli(config.schema, {"--echo.max_connections", "9000"});
  EXPECT_TRUE(run.exited_with(app::kUsageErrorExit));
  EXPECT_EQ(run.err, "cio-test: --echo.max_connections: more than echo.port\n" + kTryHelp);
  const CliRun fixed = run_cli(
      config.schema, {"--echo.max_connections", "9000", "--echo.port", "9000", "--check-config"});
  EXPECT_EQ(fixed.outcome.action, app::ParseOutcome::Action::check) << fixed.err;
}

TEST(Cli, HelpPutsDetailsInsideAClosingParenthesis) {
  app::ConfigSchema schema;
  bool preserve = false;
  schema.section("", "T").add_bool("preserve", preserve, "Keep the mode (-p)");
  const CliRun run = run_cli(schema, {"--help"});
  EXPECT_NE(run.out.find("Keep the mode (-p; true|false; default false)"), std::string::npos)
      << run.out;
  EXPECT_EQ(run.out.find(") ("), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find("(("), std::string::npos) << run.out;
}

}  // namespace
}  // namespace cio::testing
