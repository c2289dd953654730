// Durations: an integer and a unit, parsed and printed back the same.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include <cio/app/duration.hpp>

namespace cio::app {
namespace {

using namespace std::chrono_literals;
using std::chrono::microseconds;

microseconds parsed(std::string_view text) {
  auto result = parse_duration(text);
  EXPECT_TRUE(result.ok()) << text << ": " << result.error();
  return result.ok() ? result.value() : microseconds(-1);
}

std::string rejection(std::string_view text) {
  auto result = parse_duration(text);
  EXPECT_FALSE(result.ok()) << text << " was accepted";
  return result.ok() ? std::string() : result.error();
}

TEST(Duration, ParsesEveryUnit) {
  EXPECT_EQ(parsed("250ms"), 250ms);
  EXPECT_EQ(parsed("5s"), 5s);
  EXPECT_EQ(parsed("2m"), 2min);
  EXPECT_EQ(parsed("1h"), 1h);
  EXPECT_EQ(parsed("100us"), 100us);
  EXPECT_EQ(parsed("0s"), 0s);
}

TEST(Duration, BareNumberNeedsAUnit) {
  EXPECT_EQ(rejection("5"), "'5' needs a unit (us, ms, s, m or h), e.g. 5s");
}

TEST(Duration, RejectsOtherForms) {
  EXPECT_NE(rejection("5d").find("unknown unit"), std::string::npos);
  EXPECT_NE(rejection("5 s").find("unknown unit"), std::string::npos);
  EXPECT_NE(rejection("-5s").find("is not a duration"), std::string::npos);
  EXPECT_NE(rejection("1.5s").find("unknown unit"), std::string::npos);
  EXPECT_NE(rejection("s").find("is not a duration"), std::string::npos);
  EXPECT_NE(rejection("").find("is not a duration"), std::string::npos);
}

TEST(Duration, RejectsOverflow) {
  EXPECT_NE(rejection("9999999999999h").find("too long"), std::string::npos);
  EXPECT_NE(rejection("99999999999999999999us").find("too long"), std::string::npos);
}

TEST(Duration, FormatsInTheLargestExactUnit) {
  EXPECT_EQ(format_duration(120s), "2m");
  EXPECT_EQ(format_duration(90s), "90s");
  EXPECT_EQ(format_duration(3h), "3h");
  EXPECT_EQ(format_duration(1500us), "1500us");
  EXPECT_EQ(format_duration(250ms), "250ms");
  EXPECT_EQ(format_duration(0s), "0s");
}

TEST(Duration, FormatReadsBack) {
  for (microseconds value : {microseconds(1), microseconds(61s), microseconds(7h),
                             microseconds(1001ms), microseconds(0)}) {
    EXPECT_EQ(parsed(format_duration(value)), value) << format_duration(value);
  }
}

}  // namespace
}  // namespace cio::app
