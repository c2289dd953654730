// Filling a ConfigSchema: built-in defaults (the targets' values), then the
// YAML file named by --config, then flags named like the keys
// (--driver.entries 256). Every value is checked here, before the program
// starts anything; a rejection is one line naming where, which key and what
// is allowed, e.g.
//   echo.yaml:12:3: driver.entries: 70000 is out of range (allowed 1..32768)
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>

#include <cio/app/config_schema.hpp>
#include <cio/app/parsed.hpp>

namespace cio::app {

// Exit code for every configuration or usage error.
inline constexpr int kUsageErrorExit = 2;

struct ParseOutcome {
  enum class Action : uint8_t { run, exit };
  Action action = Action::run;
  // For Action::exit: 0 after --help, --help-loggers or --dump-config, else
  // kUsageErrorExit.
  int exit_code = 0;
};

// Parses the command line into the schema's targets: --config FILE, then one
// flag per key ("--<key> VALUE"; booleans "--<key>" or "--<key>=false"; lists
// take several values; maps take NAME=VALUE items), --dump-config, --help,
// --help-loggers (known_loggers() with their descriptions).
// Flags are the keys verbatim: CLI11 allows '.' and '_' in option names.
// --help, --help-loggers and --dump-config print to `out` and return
// {exit, 0}; any error
// is printed by print_usage_error and returns {exit, kUsageErrorExit};
// otherwise returns {run, 0}. Never exits.
ParseOutcome parse_command_line(int argc, const char* const* argv, ConfigSchema& schema,
                                std::string_view app_name, std::string_view app_description,
                                std::ostream& out, std::ostream& err);

// "<app_name>: <message>", then "Try '<app_name> --help' for more
// information." (as GNU tools do), to `err`.
void print_usage_error(std::ostream& err, std::string_view app_name, std::string_view message);

// Reads the YAML file at `path` into the schema's targets (keys may nest as
// maps or be written dotted). A missing, unreadable or malformed file, an
// unknown key or a bad value yields a ParseError "path:line:column: key:
// reason"; targets set before the error keep their new values.
Parsed<> load_config_file(ConfigSchema& schema, const std::string& path);

// The same for YAML text; `origin` stands for the file name in messages.
Parsed<> load_config_text(ConfigSchema& schema, std::string_view yaml, std::string_view origin);

// Every key with its current value as YAML, in declaration order, nested by
// the dots in the keys. load_config_text reads it back to the same values.
std::string dump_config(const ConfigSchema& schema);

}  // namespace cio::app
