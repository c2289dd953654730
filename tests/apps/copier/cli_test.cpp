// cio-copy's command line: cp-style operands and short switches around the
// framework's flags, the config file under the flags, and usage errors
// (exit code 2) before anything is copied.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "copier_harness.hpp"

namespace cio::testing {
namespace {

TEST(CopierCli, TooFewOperandsIsAUsageError) {
  const Outcome none = run_copier({});
  EXPECT_TRUE(ended_with(none, 2, "missing file operand"));
  const Outcome one = run_copier({"only"});
  EXPECT_TRUE(ended_with(one, 2, "missing destination file operand after 'only'"));
}

TEST(CopierCli, UnknownOptionsAreUsageErrors) {
  EXPECT_EQ(run_copier({"-z", "a", "b"}).exit_code, 2);
  const Outcome outcome = run_copier({"--blok-size", "4K", "a", "b"});
  EXPECT_TRUE(ended_with(outcome, 2, "did you mean"));
  EXPECT_TRUE(says(outcome, "Try 'cio-copy --help' for more information."));
  const Outcome bad_size = run_copier({"--block-size", "1000", "a", "b"});
  EXPECT_TRUE(ended_with(bad_size, 2, "--block-size: 1000 is out of range"));
  const Outcome odd_size = run_copier({"--block-size", "5K", "a", "b"});
  EXPECT_TRUE(ended_with(odd_size, 2, "--block-size: 5K is not a multiple of 4KiB"));
}

// A cp-like tool logs only warnings unless told otherwise; a config file
// that says nothing about logging does not change that.
TEST(CopierCli, LoggingDefaultsToWarningsWithOrWithoutAConfigFile) {
  TempDir dir;
  const std::string config = dir.file("copier.yaml");
  std::ofstream(config) << "queue-depth: 3\n";
  EXPECT_TRUE(ended_with(run_copier({"--dump-config"}), 0, "level: warn"));
  EXPECT_TRUE(ended_with(run_copier({"--config", config, "--dump-config"}), 0, "level: warn"));
  EXPECT_TRUE(says(run_copier({"--help"}), "default warn"));
  std::ofstream(config) << "log:\n  level: debug\n";
  EXPECT_TRUE(ended_with(run_copier({"--config", config, "--dump-config"}), 0, "level: debug"));
  const Outcome flag = run_copier({"--config", config, "--log.level", "error", "--dump-config"});
  EXPECT_TRUE(ended_with(flag, 0, "level: error"));
}

TEST(CopierCli, SwitchesAndNegationsReachTheConfiguration) {
  const Outcome outcome = run_copier(
      {"-rpqk", "--direct", "--no-progress", "--verify", "--no-verify", "--dump-config"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  for (const char* line : {"recursive: true", "preserve: true", "quiet: true", "keep-going: true",
                           "direct: on", "progress: off", "verify: false"}) {
    EXPECT_TRUE(says(outcome, line));
  }
}

TEST(CopierCli, FlagsOverrideTheConfigFile) {
  TempDir dir;
  const std::string config = dir.file("copier.yaml");
  std::ofstream(config) << "queue-depth: 3\nblock-size: 64KiB\n";
  const Outcome outcome = run_copier({"--config", config, "--queue-depth", "5", "--dump-config"});
  EXPECT_TRUE(ended_with(outcome, 0, "queue-depth: 5"));
  EXPECT_TRUE(says(outcome, "block-size: 64KiB"));
  std::ofstream(config) << "block-size: lots\n";
  const Outcome bad = run_copier({"--config", config, "a", "b"});
  EXPECT_TRUE(ended_with(bad, 2, config + ":1:"));
  EXPECT_TRUE(says(bad, "block-size: 'lots' is not a size"));
}

TEST(CopierCli, ShippedConfigReadsBackUnchanged) {
  const Outcome outcome = run_copier({"--config", CIO_COPIER_YAML, "--dump-config"});
  EXPECT_TRUE(ended_with(outcome, 0, "block-size: 1MiB"));
  EXPECT_TRUE(says(outcome, "queue-depth: 16"));
}

TEST(CopierCli, OperandsMayFollowOptionsAndDoubleDash) {
  TempDir dir;
  write_pattern(dir.file("source"), 3000, 1);
  const Outcome outcome = run_copier({"source", "-q", "--", "-dash"}, in_directory(dir.path()));
  ASSERT_EQ(outcome.exit_code, 0) << outcome.output;
  EXPECT_EQ(checksum(dir.file("-dash")), checksum(dir.file("source")));
}

TEST(CopierCli, SummaryAndForcedProgress) {
  TempDir dir;
  write_pattern(dir.file("source"), 3000, 2);
  const Outcome outcome = run_copier({"--progress", dir.file("source"), dir.file("copy")});
  EXPECT_TRUE(ended_with(outcome, 0, "cio-copy: copied 1 of 1 files, 2.9 KiB in "));
  EXPECT_TRUE(says(outcome, "1/1 files"));
}

// A boolean flag takes only a boolean word as its value: the operands
// after --verify stay operands.
TEST(CopierCli, BooleanFlagsTakeOnlyBooleanWords) {
  TempDir dir;
  write_pattern(dir.file("source"), 3000, 3);
  const Outcome bare = run_copier({"-q", "--verify", dir.file("source"), dir.file("copy")});
  ASSERT_EQ(bare.exit_code, 0) << bare.output;
  EXPECT_EQ(checksum(dir.file("copy")), checksum(dir.file("source")));
  const Outcome valued = run_copier({"--verify", "false", "--sync", "yes", "--dump-config"});
  EXPECT_TRUE(ended_with(valued, 0, "verify: false"));
  EXPECT_TRUE(says(valued, "sync: true"));
}

TEST(CopierCli, VersionAndCheckConfigNeedNoOperands) {
  EXPECT_TRUE(ended_with(run_copier({"-v"}), 0, std::string("cio-copy ") + CIO_VERSION));
  const Outcome checked = run_copier({"-t", "--queue-depth", "8"});
  EXPECT_EQ(checked.exit_code, 0) << checked.output;
  EXPECT_EQ(checked.output, "");
  EXPECT_TRUE(ended_with(run_copier({"--check-config", "--queue-depth", "0"}), 2,
                         "--queue-depth: 0 is out of range"));
}

TEST(CopierCli, ShortConfigFlag) {
  TempDir dir;
  const std::string config = dir.file("copier.yaml");
  std::ofstream(config) << "queue-depth: 3\n";
  EXPECT_TRUE(ended_with(run_copier({"-c", config, "--dump-config"}), 0, "queue-depth: 3"));
  EXPECT_TRUE(ended_with(run_copier({"-qc" + config, "--dump-config"}), 0, "queue-depth: 3"));
  EXPECT_TRUE(ended_with(run_copier({"-c"}), 2, "option '-c' needs a FILE"));
}

}  // namespace
}  // namespace cio::testing
