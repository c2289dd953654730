#include <cio/shard/launcher.hpp>

#include <pthread.h>
#include <sched.h>

#include <barrier>
#include <exception>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include <cio/core/runtime.hpp>
#include <cio/driver/result.hpp>
#include <cio/shard/submit_to.hpp>

#include "mesh.hpp"
#include "shard_context.hpp"

namespace cio::shard {
namespace {

Result<void> pin_to(int cpu) {
  cpu_set_t mask;
  CPU_ZERO(&mask);
  CPU_SET(cpu, &mask);
  const int error = pthread_setaffinity_np(pthread_self(), sizeof(mask), &mask);
  if (error == 0) return {};
  return Result<void>(errno_code(error), "pthread_setaffinity_np");
}

Task<void> wait_for_stop(detail::ShardContext& context) {
  auto stopped = co_await context.stop_requested().wait();
  (void)stopped;  // without a token the wait cannot fail
}

// Shard 0's root: the app's main, then the other shards, last first.
Task<void> run_main(const std::function<Task<void>()>& main, std::exception_ptr& error) {
  try {
    co_await main();
  } catch (...) {
    error = std::current_exception();
  }
  for (unsigned shard = shard_count(); shard-- > 1;) {
    co_await submit_to(shard, [] { detail::ShardContext::current()->stop_requested().set(); });
  }
}

class Launch {
 public:
  explicit Launch(const LaunchConfig& config)
      : config_(config),
        mesh_(static_cast<unsigned>(config.cpus.size()), config.ring_capacity),
        started_(static_cast<std::ptrdiff_t>(config.cpus.size())),
        exited_(static_cast<std::ptrdiff_t>(config.cpus.size())) {}

  // One shard's whole life on the calling thread.
  void run_shard(unsigned id, const std::function<Task<void>()>* main) {
    std::optional<Runtime> runtime;
    start(id, runtime);
    started_.arrive_and_wait();
    if (mesh_.failed()) return;
    detail::ShardContext context(mesh_, id, *runtime);
    runtime->set_hooks(&context);
    if (main != nullptr) {
      runtime->block_on(run_main(*main, main_error_));
    } else {
      runtime->block_on(wait_for_stop(context));
    }
    runtime->set_hooks(nullptr);
    // Past this point no shard reads another's rings, so each may tear down.
    exited_.arrive_and_wait();
    runtime.reset();  // before the context: in-flight wake ops point into it
  }

  std::exception_ptr main_error() const { return main_error_; }
  const detail::Mesh& mesh() const { return mesh_; }

 private:
  // Pins the thread and builds `runtime`; on failure records why in the mesh.
  void start(unsigned id, std::optional<Runtime>& runtime) {
    if (config_.pin) {
      if (auto pinned = pin_to(config_.cpus[id]); !pinned) {
        mesh_.fail(id, "cpu " + std::to_string(config_.cpus[id]) + ": " + pinned.describe());
        return;
      }
    }
    try {
      runtime.emplace(config_.runtime);
      mesh_.attach(id, runtime->driver());
    } catch (const std::exception& error) {
      mesh_.fail(id, error.what());
      runtime.reset();
    }
  }

  const LaunchConfig& config_;
  detail::Mesh mesh_;
  std::barrier<> started_;
  std::barrier<> exited_;
  std::exception_ptr main_error_;
};

// Shard 0 borrows the calling thread; give its CPU mask back afterwards.
class AffinityRestore {
 public:
  AffinityRestore() { saved_ = pthread_getaffinity_np(pthread_self(), sizeof(mask_), &mask_) == 0; }
  ~AffinityRestore() {
    if (saved_) pthread_setaffinity_np(pthread_self(), sizeof(mask_), &mask_);
  }

 private:
  cpu_set_t mask_;
  bool saved_ = false;
};

}  // namespace

void run_shards(const LaunchConfig& config, std::function<Task<void>()> main) {
  if (config.cpus.empty()) throw std::invalid_argument("run_shards: no CPUs (cpus is empty)");
  AffinityRestore restore;
  Launch launch(config);
  std::vector<std::thread> threads;
  for (unsigned id = 1; id < config.cpus.size(); ++id) {
    threads.emplace_back([&launch, id] {
      pthread_setname_np(pthread_self(), ("cio-shard-" + std::to_string(id)).c_str());
      launch.run_shard(id, nullptr);
    });
  }
  launch.run_shard(0, &main);
  for (auto& thread : threads) thread.join();
  if (launch.mesh().failed()) throw std::runtime_error(launch.mesh().failure());
  if (auto error = launch.main_error()) std::rethrow_exception(error);
}

}  // namespace cio::shard
