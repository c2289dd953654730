/// @file
/// FrameworkConfig: the framework's part of every app's configuration, and the
/// RuntimeConfig each shard runs with. An app's entry point:
///
///   cio::app::ConfigSchema schema;
///   cio::app::FrameworkConfig framework;
///   cio::app::declare_framework_config(schema, framework);
///   EchoOptions echo;
///   declare_echo_options(schema, echo);  // the app's keys: schema.section("echo", ...)...
///   auto parsed = cio::app::parse_command_line(argc, argv, schema,
///                                              {"cio-echo", "TCP echo server"}, std::cout,
///                                              std::cerr);
///   if (parsed.action == cio::app::ParseOutcome::Action::exit) return parsed.exit_code;
///   cio::app::configure_logging(framework.log);
///   cio::RuntimeConfig runtime = cio::app::make_runtime_config(framework);
///
/// (App in app.hpp does all this, and plans the shards and launches them.)
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include <cio/app/config_schema.hpp>
#include <cio/app/logging.hpp>
#include <cio/core/runtime_config.hpp>
#include <cio/driver/driver_config.hpp>

namespace cio::app {

/// The most shards the `shards` key accepts.
inline constexpr uint32_t kMaxShards = 1024;

/// The framework keys, by field; the initialisers are the defaults.
struct FrameworkConfig {
  /// shards: 1..kMaxShards, or "auto" (nullopt): one shard per usable CPU.
  std::optional<uint32_t> shards;
  /// cpuset: a cpuset(7) list; "" means every usable CPU (see parse_cpuset).
  std::string cpuset;
  /// overprovision: allow more shards than CPUs.
  bool overprovision = false;
  /// Each shard's driver as it is built: key `backend` (auto, io_uring or
  /// epoll) sets driver.backend; driver.entries (1..32768),
  /// driver.completion_entries (0..65536; 0: 4 x driver.entries) and
  /// driver.registered_files (0..1048576; 0: none) set the fields so named.
  DriverConfig driver;
  /// driver.idle_poll_us (0..1000000): how long an idle shard polls before
  /// it sleeps in the kernel; becomes RuntimeConfig::idle_poll.
  uint32_t idle_poll_us = 0;
  /// shutdown_timeout: a duration, 0s..1h; how long App gives main to wind
  /// down after a stop signal (AppContext::shutdown_timeout).
  std::chrono::milliseconds shutdown_timeout = std::chrono::seconds(10);
  /// log.level, log.levels, log.output, log.file, log.format.
  LogConfig log;

  /// Field by field.
  bool operator==(const FrameworkConfig&) const = default;
};

/// Declares the framework keys in `schema`, in the `--help` group "Framework
/// options", bound to the fields of `config` (which must outlive the schema's
/// use), with their rules: log.levels names only known loggers
/// (declare_logger), and `log.output: file` needs log.file. Throws
/// std::logic_error if one of the keys is already declared.
void declare_framework_config(ConfigSchema& schema, FrameworkConfig& config);

/// The runtime settings `config` asks for (the driver's, idle poll); the
/// rest keep RuntimeConfig's defaults. shards, cpuset and overprovision are
/// not runtime settings: they choose LaunchConfig::cpus (see
/// shard::plan_shards).
RuntimeConfig make_runtime_config(const FrameworkConfig& config);

}  // namespace cio::app
