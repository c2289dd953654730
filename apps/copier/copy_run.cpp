#include "copy_run.hpp"

#include <unistd.h>

#include <exception>
#include <string>

#include <cio/core/stop.hpp>
#include <cio/core/yield.hpp>
#include <cio/shard/shard.hpp>
#include <cio/shard/submit_to.hpp>
#include <cio/sync/gate.hpp>
#include <cio/time/clock.hpp>

#include "console.hpp"
#include "job.hpp"
#include "metadata.hpp"
#include "planner.hpp"
#include "progress.hpp"
#include "shard_copier.hpp"

namespace cio::copier {
namespace {

bool shows_progress(const CopyOptions& options) {
  if (options.quiet) return false;
  if (options.progress == ProgressMode::automatic) return ::isatty(STDERR_FILENO) == 1;
  return options.progress == ProgressMode::on;
}

// This shard's part of the copy.
Task<void> copy_here(Job* job) {
  ShardCopier copier(*job);
  co_await copier.run();
}

// Walks the trees on this shard (0) while every shard copies: entries are
// published as the walk reads them, a few hundred at a time, and this
// shard's own lanes get a turn between steps.
Task<void> walk_trees(Planner& planner, Job& job, sync::Gate::Holder) {
  try {
    // An error that stops planning cancels before the directory it was
    // found in is published.
    while (!job.cancelled() && planner.walk_next() && !planner.stopped()) {
      job.publish();
      co_await yield();
    }
  } catch (const std::exception& error) {
    planner.error(std::string("walking the trees: ") + error.what());
  }
  if (planner.stopped()) job.cancel();
  // Always: the shards wait for it.
  job.finish_planning();
}

// The walk and the copy, with the progress line while they run; returns
// what the shards did.
Task<Counts> copy(Job& job, Planner& planner, time::Clock::time_point started,
                  const StopToken& interrupt) {
  StopCallback on_interrupt(interrupt, [&job] { job.cancel(); });
  StopSource copied;
  sync::Gate tasks;
  if (auto held = tasks.enter(); held) spawn(walk_trees(planner, job, std::move(*held)));
  if (job.console().shows_progress()) {
    if (auto held = tasks.enter(); held) {
      spawn(draw_progress(job, started, copied.token(), std::move(*held)));
    }
  }
  // The walk and the progress line use the Job: they end before it does,
  // even when a shard's copy throws.
  std::exception_ptr failure;
  try {
    co_await invoke_on_all([job = &job] { return copy_here(job); });
  } catch (...) {
    failure = std::current_exception();
    job.cancel();
  }
  copied.request_stop();
  Result<void> done = co_await tasks.close();
  (void)done;  // no stop token: waits for the walk's end and the last line
  job.console().end_progress();
  if (failure) std::rethrow_exception(failure);
  co_return gather(job);
}

}  // namespace

Task<int> run_copy(const std::vector<std::string>& operands, const CopyOptions& options,
                   app::AppContext& context) {
  const auto started = time::Clock::now();
  Console console(shows_progress(options));
  Planner planner(options, console);
  planner.resolve(operands);
  const Plan& plan = planner.plan();
  Counts done;
  uint64_t failures = 0;
  if (!planner.stopped()) {
    Job job(plan, options, console, shard_count());
    done = co_await copy(job, planner, started, context.stop);
    failures = job.failures();
  }
  failures += plan.errors + finish_directories(plan, options.preserve, console);
  const bool interrupted = context.stop.stop_requested();
  if (interrupted) console.error("interrupted: files in flight were removed, the rest not copied");
  if (!options.quiet) {
    std::string text = summary(plan, done, failures, time::Clock::now() - started);
    if (failures > 0 && !options.keep_going) text += "; stopped at the first error";
    console.line("cio-copy: " + text);
  }
  co_return failures > 0 || interrupted ? 1 : 0;
}

}  // namespace cio::copier
