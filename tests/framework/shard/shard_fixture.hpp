// Fixture for shard tests: each test launches shards on one backend (both
// are covered) and runs a coroutine on shard 0 while all shards are up.
#pragma once

#include <gtest/gtest.h>

#include <functional>

#include <cio/shard/cpus.hpp>
#include <cio/shard/launcher.hpp>

#include "runtime_fixture.hpp"

namespace cio::testing {

class ShardTest : public RuntimeTest {
 protected:
  // `shards` shards spread over the usable CPUs (several per CPU if needed).
  shard::LaunchConfig launch_config(unsigned shards) const {
    shard::ShardRequest request{.shards = shards, .cpuset = {}, .overprovision = true};
    shard::LaunchConfig launch;
    launch.cpus = shard::plan_shards(request, shard::probe_host()).value();
    launch.runtime = config();
    return launch;
  }

  void launch(unsigned shards, std::function<Task<void>()> main) {
    shard::run_shards(launch_config(shards), std::move(main));
  }
};

}  // namespace cio::testing
