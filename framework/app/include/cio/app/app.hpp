/// @file
/// App: the entry point of a sharded program, in the spirit of Seastar's
/// app_template. It reads the configuration (defaults < --config YAML <
/// flags < rules across keys; see config.hpp), checks it before anything
/// starts, sets up logging, launches one
/// shard per CPU and runs the app's main on shard 0. The first SIGINT or
/// SIGTERM stops the context's token: main stops accepting, lets work finish
/// within shutdown_timeout and returns; the shards then stop, last first,
/// and run() returns 0. A second signal ends the process at once. SIGHUP
/// reopens the log file of log.output file (after logrotate moved it).
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

struct AppContext {
  const FrameworkConfig& config;
  /// Stopped by the first SIGINT/SIGTERM (on shard 0, where main runs).
  StopToken stop;
  /// How long main may take to wind down after `stop`; past it (plus a
  /// second) the process exits with code 1.
  std::chrono::milliseconds shutdown_timeout;
  /// The positional arguments, for an app with Operands::own.
  const std::vector<std::string>& operands;
};

using AppMain = std::function<Task<void>(AppContext& context)>;

class App {
 public:
  /// `defaults` are the framework settings before the config file and the
  /// flags (and what --help and --dump-config show): an app may differ from
  /// the framework's own, e.g. quieter logging.
  App(std::string name, std::string description, FrameworkConfig defaults = {});

  /// Declare the app's own keys (and rules) here before run().
  ConfigSchema& schema() noexcept { return schema_; }
  /// Whether the app takes operands of its own (AppContext::operands) or a
  /// lone positional argument names its config file (the default).
  void set_operands(Operands operands) noexcept { operands_ = operands; }
  const FrameworkConfig& config() const noexcept { return config_; }

  /// Runs the program; returns its exit code: 0 when main returned, 2 for a
  /// usage or configuration error (nothing started), 1 when the log file
  /// cannot be opened (nothing started), the shards could not start or main
  /// threw (the message is logged). --help, --help-loggers, --version and
  /// --dump-config print and return 0; --check-config also plans the shards
  /// on this host's CPUs, then returns 0 without starting anything.
  int run(int argc, const char* const* argv, AppMain main);

 private:
  std::string name_;
  std::string description_;
  Operands operands_ = Operands::config_file;
  FrameworkConfig config_;
  ConfigSchema schema_;
};

}  // namespace cio::app
