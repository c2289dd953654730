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

/// What the host allows this process.
struct HostCpus {
  std::vector<int> affinity;          ///< sched_getaffinity, ascending
  std::optional<unsigned> cpu_quota;  ///< cgroup quota in whole CPUs (rounded up); none = unlimited
};

/// Reads the affinity mask and the cgroup (v2 cpu.max, or v1
/// cpu.cfs_quota_us / cpu.cfs_period_us) quota of this process. A quota that
/// cannot be read counts as unlimited.
HostCpus probe_host();

/// A cgroup quota file's contents -> whole CPUs (rounded up), or none when
/// unlimited or unparsable. v2: "max 100000" / "150000 100000".
std::optional<unsigned> parse_cpu_max(std::string_view cpu_max);
/// v1: cfs_quota_us ("-1" = unlimited) and cfs_period_us.
std::optional<unsigned> parse_cfs_quota(std::string_view quota_us, std::string_view period_us);

struct ShardRequest {
  std::optional<unsigned> shards;  ///< none: one per usable CPU
  std::vector<int> cpuset;         ///< empty: the affinity mask
  bool overprovision = false;      ///< allow more shards than usable CPUs
};

/// Plans one CPU per shard: shard i runs on the i-th usable CPU (cycling when
/// overprovisioned). Usable = the cpuset (which must lie inside the affinity
/// mask), capped by the quota. Returns the per-shard CPUs (element i: shard
/// i's CPU), or a message naming the numbers involved (e.g. more shards than
/// usable CPUs).
Parsed<std::vector<int>> plan_shards(const ShardRequest& request, const HostCpus& host);

/// "0-3,6" style rendering of a CPU list, for messages.
std::string format_cpu_list(const std::vector<int>& cpus);

}  // namespace cio::shard
