#include <cio/app/app.hpp>

#include <signal.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <exception>
#include <iostream>

#include <cio/app/config.hpp>
#include <cio/app/cpuset.hpp>
#include <cio/app/logging.hpp>
#include <cio/core/runtime.hpp>
#include <cio/shard/cpus.hpp>
#include <cio/shard/launcher.hpp>
#include <cio/shard/submit_to.hpp>
#include <cio/signal/signal_set.hpp>
#include <cio/sync/gate.hpp>
#include <cio/time/sleep.hpp>

namespace cio::app {
namespace {

using namespace std::chrono_literals;

const Logger& app_log() {
  static const Logger logger("app");
  return logger;
}

// The CPUs the shards get, or an error message (a usage error: exit 2).
Parsed<std::vector<int>> plan(const FrameworkConfig& config) {
  shard::ShardRequest request;
  request.shards = config.shards;
  request.overprovision = config.overprovision;
  if (!config.cpuset.empty()) {
    auto cpus = parse_cpuset(config.cpuset);
    if (!cpus) return ParseError{"cpuset: " + cpus.error()};
    request.cpuset = cpus.value();
  }
  return shard::plan_shards(request, shard::probe_host());
}

// Blocks the stop signals and SIGHUP before any shard thread exists, so
// every thread inherits the mask and only shard 0's signalfds see them.
void block_stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

// What shard 0 needs to stop the app on a signal.
struct Shutdown {
  signal::SignalSet& signals;
  StopSource& app_stop;  // the token main sees
  std::chrono::milliseconds timeout;
  StopSource finished;  // main returned: the watchers end
  sync::Gate watchers;
};

std::string signal_name(int signo) { return std::string("SIG") + sigabbrev_np(signo); }

// Past the shutdown timeout (plus a second) the process leaves with code 1.
Task<void> enforce_deadline(Shutdown& shutdown, sync::Gate::Holder) {
  auto slept = co_await time::sleep(shutdown.timeout + 1s, shutdown.finished.token());
  if (!slept) co_return;
  app_log()->error("shutdown took longer than {} ms: exiting", shutdown.timeout.count());
  spdlog::shutdown();
  std::_Exit(1);
}

// First signal: stop the app. Second: leave now.
Task<void> watch_signals(Shutdown& shutdown, sync::Gate::Holder) {
  auto first = co_await shutdown.signals.wait(shutdown.finished.token());
  if (!first) co_return;
  app_log()->info("{} received: stopping (up to {} ms)", signal_name(*first),
                  shutdown.timeout.count());
  shutdown.app_stop.request_stop();
  if (auto held = shutdown.watchers.enter()) spawn(enforce_deadline(shutdown, std::move(*held)));
  auto second = co_await shutdown.signals.wait(shutdown.finished.token());
  if (!second) co_return;
  app_log()->warn("{} received again: exiting now", signal_name(*second));
  spdlog::shutdown();
  std::_Exit(128 + *second);
}

// SIGHUP reopens the log file (logrotate moves it, then signals); it never
// stops the app.
Task<void> reopen_log_on_hangup(signal::SignalSet& hangups, StopToken finished,
                                sync::Gate::Holder) {
  while (co_await hangups.wait(finished)) {
    if (const std::error_code error = reopen_log_file()) {
      app_log()->error("SIGHUP received: cannot reopen the log file: {}", error.message());
    } else {
      app_log()->info("SIGHUP received: log file reopened");
    }
  }
}

// Shard 0's part: name the shards in the logs, watch the signals, run main.
Task<void> run_main(const FrameworkConfig& config, const std::vector<std::string>& operands,
                    const AppMain& main) {
  co_await invoke_on_all([] { set_log_shard(static_cast<int>(this_shard())); });
  auto signals = signal::SignalSet::open({SIGINT, SIGTERM});
  if (!signals) throw std::system_error(signals.error(), signals.describe());
  auto hangups = signal::SignalSet::open({SIGHUP});
  if (!hangups) throw std::system_error(hangups.error(), hangups.describe());
  StopSource app_stop;
  Shutdown shutdown{*signals, app_stop, config.shutdown_timeout, {}, {}};
  if (auto held = shutdown.watchers.enter()) spawn(watch_signals(shutdown, std::move(*held)));
  if (auto held = shutdown.watchers.enter()) {
    spawn(reopen_log_on_hangup(*hangups, shutdown.finished.token(), std::move(*held)));
  }
  AppContext context{config, app_stop.token(), config.shutdown_timeout, operands};
  std::exception_ptr error;
  try {
    co_await main(context);
  } catch (...) {
    error = std::current_exception();
  }
  shutdown.finished.request_stop();
  auto closed = co_await shutdown.watchers.close();
  (void)closed;
  if (error) std::rethrow_exception(error);
}

}  // namespace

App::App(std::string name, std::string description, FrameworkConfig defaults)
    : name_(std::move(name)), description_(std::move(description)), config_(std::move(defaults)) {
  declare_framework_config(schema_, config_);
}

int App::run(int argc, const char* const* argv, AppMain main) {
  auto parsed = parse_command_line(argc, argv, schema_, {name_, description_, operands_}, std::cout,
                                   std::cerr);
  if (parsed.action == ParseOutcome::Action::exit) return parsed.exit_code;
  auto cpus = plan(config_);
  if (!cpus) {
    print_usage_error(std::cerr, name_, cpus.error());
    return kUsageErrorExit;
  }
  if (parsed.action == ParseOutcome::Action::check) return 0;
  config_.log.syslog_ident = name_;
  try {
    configure_logging(config_.log);
  } catch (const std::system_error& error) {
    std::cerr << name_ << ": " << error.what() << "\n";
    return 1;
  }
  block_stop_signals();
  shard::LaunchConfig launch;
  launch.cpus = std::move(cpus).value();
  launch.runtime = make_runtime_config(config_);
  try {
    shard::run_shards(launch, [&] { return run_main(config_, parsed.operands, main); });
  } catch (const std::exception& error) {
    app_log()->error("{}", error.what());
    return 1;
  }
  return 0;
}

}  // namespace cio::app
