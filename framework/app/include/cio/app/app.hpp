/// @file
/// App: the entry point of a sharded program, in the spirit of Seastar's
/// app_template. It reads the configuration (defaults < `--config` YAML <
/// flags < rules across keys; see config.hpp), checks it before anything
/// starts, sets up logging, launches one shard per CPU and runs the app's
/// main on shard 0. The first SIGINT or SIGTERM stops the context's token:
/// main stops accepting, lets work finish within shutdown_timeout and
/// returns; the shards then stop, last first, and run() returns 0. A second
/// signal ends the process at once (exit code 128 + the signal number).
/// SIGHUP reopens the log file (`log.output: file`) after logrotate moved it.
///
///   int main(int argc, char** argv) {
///     cio::app::App app("kv_service", "A sharded key-value service");
///     KvOptions options;
///     app.schema()
///         .section("kv", "Key-value service")
///         .add_integer("max_line", options.max_line, 16, 1 << 20, "Longest request line");
///     return app.run(argc, argv, [&options](cio::app::AppContext& context) {
///       return serve(options, context);
///     });
///   }
///
/// (examples/kv_service is the whole program; docs/guide.md walks through it.)
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include <cio/app/config.hpp>
#include <cio/app/config_schema.hpp>
#include <cio/app/framework_config.hpp>
#include <cio/core/stop.hpp>
#include <cio/core/task.hpp>

namespace cio::app {

/// What the app's main is given, on shard 0; valid until main's Task
/// completes.
struct AppContext {
  /// The framework settings in force (the app's own keys are in the
  /// variables it bound them to).
  const FrameworkConfig& config;
  /// Stopped by the first SIGINT/SIGTERM (on shard 0, where main runs).
  StopToken stop;
  /// How long main may take to wind down after `stop`; past it (plus a
  /// second) the process exits with code 1.
  std::chrono::milliseconds shutdown_timeout;
  /// The positional arguments, for an app with Operands::own.
  const std::vector<std::string>& operands;
};

/// The app's main: a coroutine run once on shard 0 after every shard has
/// started. When its Task completes the shards stop.
using AppMain = std::function<Task<void>(AppContext& context)>;

/// The entry point of a sharded program (see the file comment): make one in
/// the process's main(), declare the app's keys, then run().
class App {
 public:
  /// `name` appears in messages, `--version` and the syslog ident;
  /// `description` heads `--help`. `defaults` are the framework settings
  /// before the config file and the flags (and what `--help` and
  /// `--dump-config` show): an app may differ from the framework's own,
  /// e.g. quieter logging. Declares the framework keys in schema().
  App(std::string name, std::string description, FrameworkConfig defaults = {});

  /// Declare the app's own keys (and rules) here before run(); the variables
  /// they are bound to must outlive run().
  ConfigSchema& schema() noexcept { return schema_; }
  /// Whether the app takes operands of its own (AppContext::operands) or a
  /// lone positional argument names its config file (the default).
  void set_operands(Operands operands) noexcept { operands_ = operands; }
  /// The framework settings: the defaults until run() has read the file and
  /// the flags, the values in force after that.
  const FrameworkConfig& config() const noexcept { return config_; }

  /// Runs the program on the calling thread and returns its exit code once
  /// it is over: 0 when main returned, 2 for a usage or configuration error
  /// (nothing started), 1 when the log file cannot be opened (nothing
  /// started), the shards could not start or main threw (the message is
  /// logged). `--help`, `--help-loggers`, `--version` and `--dump-config`
  /// print and return 0; `--check-config` also plans the shards on this
  /// host's CPUs, then returns 0 without starting anything. Before the
  /// shards start it blocks SIGINT, SIGTERM and SIGHUP in the calling thread
  /// (the shard threads inherit that) and leaves them blocked.
  int run(int argc, const char* const* argv, AppMain main);

 private:
  std::string name_;
  std::string description_;
  Operands operands_ = Operands::config_file;
  FrameworkConfig config_;
  ConfigSchema schema_;
};

}  // namespace cio::app
