/// @file
/// Which CPUs the shards run on: by default the CPUs this process may use
/// (its affinity mask, capped by a cgroup CPU quota), never `nproc`.
///
///   auto cpus = cio::shard::plan_shards({.shards = std::nullopt}, cio::shard::probe_host());
///   // cpus.value().size() shards, shard i pinned to cpus.value()[i]
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <cio/core/parsed.hpp>

namespace cio::shard {

/// What the host allows this process: its CPUs and its cgroup CPU quota.
struct HostCpus {
  std::vector<int> affinity;          ///< sched_getaffinity, ascending; empty if that call failed
  std::optional<unsigned> cpu_quota;  ///< cgroup quota in whole CPUs (rounded up); none = unlimited
};

/// Reads the affinity mask and the cgroup (v2 cpu.max, or v1
/// cpu.cfs_quota_us / cpu.cfs_period_us) quota of this process, from
/// /proc/self/cgroup and /sys/fs/cgroup. A quota that cannot be read counts
/// as unlimited. Blocking file reads: call it before the shards start.
HostCpus probe_host();

/// The CPUs a cgroup v2 cpu.max file's contents allow, in whole CPUs
/// (rounded up: "150000 100000" is 2), or none when unlimited ("max 100000")
/// or unparsable.
std::optional<unsigned> parse_cpu_max(std::string_view cpu_max);
/// The same for cgroup v1: the contents of cpu.cfs_quota_us ("-1":
/// unlimited) and cpu.cfs_period_us.
std::optional<unsigned> parse_cfs_quota(std::string_view quota_us, std::string_view period_us);

/// What plan_shards is asked for: how many shards, and on which CPUs.
struct ShardRequest {
  std::optional<unsigned> shards;  ///< none: one per usable CPU; 0 is an error
  std::vector<int> cpuset;         ///< CPUs to use, in this order; empty: the affinity mask
  bool overprovision = false;      ///< allow more shards than usable CPUs
};

/// Plans one CPU per shard: shard i runs on the i-th CPU of the cpuset (or
/// of the affinity mask), cycling through them when overprovisioned. The
/// number of usable CPUs is the cpuset's size capped by the quota; that is
/// the default shard count and, without overprovision, the most allowed.
/// Returns the per-shard CPUs (element i: shard i's CPU, for
/// LaunchConfig::cpus), or a ParseError naming the numbers involved: a cpuset
/// CPU outside the affinity mask, no CPU at all, 0 shards, or more shards
/// than usable CPUs. Pure: it reads nothing but its arguments.
Parsed<std::vector<int>> plan_shards(const ShardRequest& request, const HostCpus& host);

/// A CPU list in cpuset(7) form, for messages: runs of consecutive
/// ascending ids become ranges ("0-3,6"); other ids are listed in order.
std::string format_cpu_list(const std::vector<int>& cpus);

}  // namespace cio::shard
