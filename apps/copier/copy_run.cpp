#include "copy_run.hpp"

#include <unistd.h>

#include <cio/shard/shard.hpp>
#include <cio/shard/submit_to.hpp>
#include <cio/stop.hpp>

#include "console.hpp"
#include "job.hpp"
#include "metadata.hpp"
#include "plan.hpp"
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

// The copy itself, with the progress line while it runs; returns what the
// shards did.
Task<Counts> copy(Job& job, time::Clock::time_point started, const StopToken& interrupt) {
  StopCallback on_interrupt(interrupt, [&job] { job.cancel(); });
  StopSource copied;
  sync::Gate drawing;
  if (job.console().shows_progress()) {
    if (auto held = drawing.enter(); held) {
      spawn(draw_progress(job, started, copied.token(), std::move(*held)));
    }
  }
  co_await invoke_on_all([job = &job] { return copy_here(job); });
  copied.request_stop();
  Result<void> drawn = co_await drawing.close();
  (void)drawn;  // no stop token: waits for the last line
  job.console().end_progress();
  co_return gather(job);
}

}  // namespace

Task<int> run_copy(const std::vector<std::string>& operands, const CopyOptions& options,
                   app::AppContext& context) {
  const auto started = time::Clock::now();
  Console console(shows_progress(options));
  const Plan plan = build_plan(operands, options, console);
  Counts done;
  uint64_t failures = plan.errors;
  if (plan.errors == 0 || options.keep_going) {
    Job job(plan, options, console, shard_count());
    done = co_await copy(job, started, context.stop);
    failures += job.failures();
  }
  failures += finish_directories(plan, options.preserve, console);
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
