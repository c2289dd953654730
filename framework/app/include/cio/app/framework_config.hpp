/// @file
/// FrameworkConfig: the framework's part of every app's configuration, and the
/// RuntimeConfig each shard runs with. An app's entry point:
///
///   cio::app::ConfigSchema schema;
///   cio::app::FrameworkConfig framework;
///   cio::app::declare_framework_config(schema, framework);
///   EchoOptions echo;
///   declare_echo_options(schema.section("echo", "Echo server options"), echo);
///   auto parsed = cio::app::parse_command_line(argc, argv, schema,
///                                              {"cio-echo", "TCP echo server"}, std::cout,
///                                              std::cerr);
///   if (parsed.action == cio::app::ParseOutcome::Action::exit) return parsed.exit_code;
///   cio::app::configure_logging(framework.log);
///   cio::RuntimeConfig runtime = cio::app::make_runtime_config(framework);
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

inline constexpr uint32_t kMaxShards = 1024;

/// The framework keys, by field; the initialisers are the defaults.
struct FrameworkConfig {
  /// shards: 1..kMaxShards, or "auto" (nullopt): one shard per CPU.
  std::optional<uint32_t> shards;
  /// cpuset: a cpuset(7) list; "" means every usable CPU (see parse_cpuset).
  std::string cpuset;
  /// overprovision: allow more shards than CPUs.
  bool overprovision = false;
  /// backend (driver.backend) and driver.entries, driver.completion_entries,
  /// driver.registered_files: each shard's driver as it is built.
  DriverConfig driver;
  /// driver.idle_poll_us: becomes RuntimeConfig::idle_poll.
  uint32_t idle_poll_us = 0;
  /// shutdown_timeout: a duration, 0s..1h.
  std::chrono::milliseconds shutdown_timeout = std::chrono::seconds(10);
  /// log.level, log.levels, log.output, log.file, log.format.
  LogConfig log;

  bool operator==(const FrameworkConfig&) const = default;
};

/// Declares the framework keys in `schema`, in the --help group "Framework
/// options", bound to the fields of `config` (which must outlive the schema's
/// use). Throws std::logic_error if one of the keys is already declared.
void declare_framework_config(ConfigSchema& schema, FrameworkConfig& config);

/// The runtime settings `config` asks for (the driver's, idle poll);
/// the rest keep RuntimeConfig's defaults. The CPU ids of config.cpuset come
/// from parse_cpuset, already checked when the config was parsed.
RuntimeConfig make_runtime_config(const FrameworkConfig& config);

}  // namespace cio::app
