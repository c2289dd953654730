// Shard planning: cgroup quota parsing, cpuset checks, the shard count.
#include <gtest/gtest.h>

#include <cio/shard/cpus.hpp>

namespace cio::shard {
namespace {

TEST(CpuQuota, CgroupV2CpuMax) {
  EXPECT_EQ(parse_cpu_max("max 100000\n"), std::nullopt);
  EXPECT_EQ(parse_cpu_max("200000 100000\n"), 2u);
  EXPECT_EQ(parse_cpu_max("150000 100000"), 2u);  // 1.5 CPUs round up
  EXPECT_EQ(parse_cpu_max("50000 100000"), 1u);
  EXPECT_EQ(parse_cpu_max("garbage"), std::nullopt);
  EXPECT_EQ(parse_cpu_max(""), std::nullopt);
}

TEST(CpuQuota, CgroupV1CfsQuota) {
  EXPECT_EQ(parse_cfs_quota("-1\n", "100000\n"), std::nullopt);
  EXPECT_EQ(parse_cfs_quota("300000\n", "100000\n"), 3u);
  EXPECT_EQ(parse_cfs_quota("", ""), std::nullopt);
}

TEST(CpuList, FormatsRanges) {
  EXPECT_EQ(format_cpu_list({0, 1, 2, 3, 6}), "0-3,6");
  EXPECT_EQ(format_cpu_list({5}), "5");
  EXPECT_EQ(format_cpu_list({}), "");
}

const HostCpus kFourCpus{{0, 1, 2, 3}, std::nullopt};

TEST(PlanShards, DefaultIsOneShardPerUsableCpu) {
  auto plan = plan_shards({}, kFourCpus);
  ASSERT_TRUE(plan) << plan.error();
  EXPECT_EQ(plan.value(), (std::vector<int>{0, 1, 2, 3}));
}

TEST(PlanShards, CgroupQuotaCapsTheDefault) {
  auto plan = plan_shards({}, HostCpus{{0, 1, 2, 3}, 2u});
  ASSERT_TRUE(plan) << plan.error();
  EXPECT_EQ(plan.value(), (std::vector<int>{0, 1}));
}

TEST(PlanShards, CpusetPicksTheCpus) {
  auto plan =
      plan_shards({.shards = std::nullopt, .cpuset = {1, 3}, .overprovision = false}, kFourCpus);
  ASSERT_TRUE(plan) << plan.error();
  EXPECT_EQ(plan.value(), (std::vector<int>{1, 3}));
}

TEST(PlanShards, CpuOutsideTheAffinityMaskIsAnError) {
  auto plan =
      plan_shards({.shards = std::nullopt, .cpuset = {2, 9}, .overprovision = false}, kFourCpus);
  EXPECT_FALSE(plan);
  EXPECT_EQ(plan.error(), "cpuset: CPU 9 is not available to this process (allowed: 0-3)");
}

TEST(PlanShards, MoreShardsThanCpusNamesBothNumbers) {
  auto plan = plan_shards({.shards = 9, .cpuset = {}, .overprovision = false}, kFourCpus);
  EXPECT_FALSE(plan);
  EXPECT_EQ(plan.error(),
            "shards: 9 requested but only 4 CPUs are usable (0-3); lower shards or set "
            "overprovision: true");
}

TEST(PlanShards, QuotaIsNamedWhenItIsTheLimit) {
  auto plan =
      plan_shards({.shards = 3, .cpuset = {}, .overprovision = false}, HostCpus{{0, 1, 2, 3}, 2u});
  EXPECT_FALSE(plan);
  EXPECT_NE(plan.error().find("only 2 CPUs are usable (0-3, cgroup quota 2)"), std::string::npos)
      << plan.error();
}

TEST(PlanShards, OverprovisionCyclesOverTheCpus) {
  auto plan = plan_shards({.shards = 5, .cpuset = {}, .overprovision = true},
                          HostCpus{{0, 1}, std::nullopt});
  ASSERT_TRUE(plan) << plan.error();
  EXPECT_EQ(plan.value(), (std::vector<int>{0, 1, 0, 1, 0}));
}

TEST(PlanShards, ZeroShardsIsAnError) {
  auto plan = plan_shards({.shards = 0, .cpuset = {}, .overprovision = true}, kFourCpus);
  EXPECT_FALSE(plan);
}

TEST(ProbeHost, FindsAtLeastTheCpuWeRunOn) {
  auto host = probe_host();
  EXPECT_FALSE(host.affinity.empty());
  if (host.cpu_quota) {
    EXPECT_GE(*host.cpu_quota, 1u);
  }
}

}  // namespace
}  // namespace cio::shard
