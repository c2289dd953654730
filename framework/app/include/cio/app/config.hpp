/// @file
/// Filling a ConfigSchema: built-in defaults (the targets' values), then the
/// YAML file named by `--config` (`-c`, or the lone argument of an app without
/// operands), then flags named like the keys (`--driver.entries 256`), then the
/// schema's rules across keys. Every value is checked here, before the
/// program starts anything; each rejection is one line naming where, which
/// key and what is allowed, e.g.
///   echo.yaml:12:3: driver.entries: 70000 is out of range (allowed 1..32768)
/// and every one found is reported, not only the first.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include <cio/app/config_schema.hpp>
#include <cio/core/parsed.hpp>

namespace cio::app {

/// Exit code for every configuration or usage error.
inline constexpr int kUsageErrorExit = 2;

/// What the positional arguments of a program are.
enum class Operands : uint8_t {
  /// None of its own: a lone one names the config file (cio-echo my.yaml).
  config_file,
  /// Its own (cio-copy SOURCE... DEST): handed back in ParseOutcome.
  own,
};

/// The program parse_command_line reads arguments for.
struct Program {
  std::string_view name;                      ///< in messages, `--version` and `--help`
  std::string_view description;               ///< one line, heading `--help`
  Operands operands = Operands::config_file;  ///< what its positional arguments are
};

/// What parse_command_line decided.
struct ParseOutcome {
  /// run: start the program. check: `--check-config`, the configuration is
  /// valid; nothing is to be started. exit: leave with exit_code.
  enum class Action : uint8_t { run, check, exit };
  Action action = Action::run;  ///< what the caller does next
  /// For Action::exit: 0 after `--help`, `--help-loggers`, `--version` or
  /// `--dump-config`, else kUsageErrorExit.
  int exit_code = 0;
  /// The positional arguments, for Operands::own.
  std::vector<std::string> operands;
};

/// True for the words a boolean flag takes as its value when written apart
/// (`--key true`): true, false, yes, no, on, off. Only these, so that
/// `--verify SRC DST` leaves SRC an operand.
bool is_boolean_word(std::string_view text) noexcept;

/// Parses the command line into the schema's targets: `--config`/`-c FILE`,
/// then one flag per key (`--KEY VALUE`; booleans `--KEY`, `--KEY=false` or
/// `--KEY false`; lists take several values, and `--KEY ''` empties one;
/// maps take NAME=VALUE items, merged into the map), `--dump-config`,
/// `--check-config`/`-t`, `--help-loggers`, `--version`/`-v`, `--help`/`-h`.
/// Flags are the keys verbatim: CLI11 allows '.' and '_' in option names.
/// The file is read first and the flags override it, then the schema's
/// rules run (if all else was good). `--help`, `--help-loggers`,
/// `--version` and `--dump-config` print to `out` and return {exit, 0};
/// `--check-config` prints nothing and returns {check, 0} when everything
/// is valid. Errors (all that were found, one per line) are printed to `err`
/// by print_usage_error and return {exit, kUsageErrorExit}; otherwise
/// returns {run, 0}, with the operands for Operands::own. Never exits.
ParseOutcome parse_command_line(int argc, const char* const* argv, ConfigSchema& schema,
                                const Program& program, std::ostream& out, std::ostream& err);

/// `APP: LINE` for each line of `message` (APP being `app_name`), then
/// `Try 'APP --help' for more information.` (as GNU tools do), to `err`.
void print_usage_error(std::ostream& err, std::string_view app_name, std::string_view message);

/// Reads the YAML file at `path` into the schema's targets (keys may nest as
/// maps or be written dotted) and notes where each key was set (for
/// ConfigSchema::check_rules, which it does not run). An empty file changes
/// nothing. A missing, unreadable or malformed file yields a one-line
/// ParseError; unknown keys and bad values yield one line each,
/// `path:line:column: key: reason`, while every good value is still
/// assigned.
Parsed<> load_config_file(ConfigSchema& schema, const std::string& path);

/// The same for YAML text; `origin` stands for the file name in messages.
Parsed<> load_config_text(ConfigSchema& schema, std::string_view yaml, std::string_view origin);

/// Every key with its current value as YAML, in declaration order, nested by
/// the dots in the keys (what `--dump-config` prints). load_config_text
/// reads it back to the same values.
std::string dump_config(const ConfigSchema& schema);

}  // namespace cio::app
