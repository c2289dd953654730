// cpuset(7) lists: ids and ranges into sorted unique CPU ids.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <cio/app/cpuset.hpp>

namespace cio::app {
namespace {

std::vector<int> cpus(std::string_view text) {
  auto result = parse_cpuset(text);
  EXPECT_TRUE(result.ok()) << text << ": " << result.error();
  return result.ok() ? result.value() : std::vector<int>{-1};
}

TEST(Cpuset, EmptyMeansNoRestriction) { EXPECT_EQ(cpus(""), std::vector<int>{}); }

TEST(Cpuset, ParsesIdsAndRanges) {
  EXPECT_EQ(cpus("0-3,6"), (std::vector<int>{0, 1, 2, 3, 6}));
  EXPECT_EQ(cpus("5"), std::vector<int>{5});
  EXPECT_EQ(cpus("2-2"), std::vector<int>{2});
  EXPECT_EQ(cpus("8191"), std::vector<int>{kMaxCpuId});
}

TEST(Cpuset, SortsAndDropsDuplicates) {
  EXPECT_EQ(cpus("6,0-2,1,2-3"), (std::vector<int>{0, 1, 2, 3, 6}));
}

TEST(Cpuset, ReversedRangeNamesTheItem) {
  auto result = parse_cpuset("0,3-1");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error(),
            "bad cpuset item '3-1': range end before its start (expected ids and ranges like "
            "0-3,6)");
}

TEST(Cpuset, RejectsMalformedLists) {
  for (std::string_view text : {"a", "1,,2", ",", "1-", "-1", "0 - 3", " 1", "1,2,", "1-2-3", "+1",
                                "0x1", "8192", "99999999999"}) {
    auto result = parse_cpuset(text);
    EXPECT_FALSE(result.ok()) << "'" << text << "' was accepted";
  }
}

TEST(Cpuset, IdAboveTheLimitSaysSo) {
  auto result = parse_cpuset("8192");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().find("CPU ids go up to 8191"), std::string::npos) << result.error();
}

}  // namespace
}  // namespace cio::app
