// Helpers for the config tests: a sample app section declared next to the
// framework keys, YAML files in a temp dir, and parse_command_line run with
// its output captured.
#pragma once

#include <chrono>
#include <cstdint>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string>
#include <vector>

#include <cio/app/config.hpp>
#include <cio/app/framework_config.hpp>

#include <cio/testing/temp_dir.hpp>

namespace cio::testing {

// What an echo-like app declares for itself.
struct EchoOptions {
  uint16_t port = 7000;
  uint32_t max_connections = 1000;
  std::chrono::milliseconds idle_timeout = std::chrono::seconds(30);
  std::vector<std::string> listen{"0.0.0.0"};
  std::string mode = "copy";

  bool operator==(const EchoOptions&) const = default;
};

// The framework keys and an "echo" section, as an app's entry point has them.
struct AppConfig {
  app::ConfigSchema schema;
  app::FrameworkConfig framework;
  EchoOptions echo;

  AppConfig() {
    app::declare_framework_config(schema, framework);
    app::declare_logger("myapp", "the test app's own logger");
    schema.section("echo", "Echo options")
        .add_integer("port", echo.port, 0, 65535, "TCP port")
        .add_integer("max_connections", echo.max_connections, 1, 1000000, "Connections at once")
        .add_duration("idle_timeout", echo.idle_timeout, std::chrono::milliseconds(1),
                      std::chrono::milliseconds(std::chrono::hours(24)), "Close idle connections")
        .add_list("listen", echo.listen, "Addresses to listen on")
        .add_enum("mode", echo.mode,
                  app::Choices<std::string>{{"copy", "copy"}, {"splice", "splice"}}, "How to echo");
  }
  AppConfig(const AppConfig&) = delete;
  AppConfig& operator=(const AppConfig&) = delete;
};

inline std::string write_file(const TempDir& dir, const std::string& name,
                              const std::string& text) {
  const std::string path = dir.file(name);
  std::ofstream(path) << text;
  return path;
}

struct CliRun {
  app::ParseOutcome outcome;
  std::string out;
  std::string err;

  bool exited_with(int code) const {
    return outcome.action == app::ParseOutcome::Action::exit && outcome.exit_code == code;
  }
};

// parse_command_line for "cio-test <args>".
inline CliRun run_cli(app::ConfigSchema& schema, std::vector<std::string> args,
                      app::Operands operands = app::Operands::config_file) {
  std::vector<const char*> argv{"cio-test"};
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  std::ostringstream out;
  std::ostringstream err;
  const app::ParseOutcome outcome =
      app::parse_command_line(static_cast<int>(argv.size()), argv.data(), schema,
                              {"cio-test", "Config test program", operands}, out, err);
  return {outcome, out.str(), err.str()};
}

}  // namespace cio::testing
