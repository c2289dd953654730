// parse_command_line: defaults < config file < flags < rules, with CLI11.
#include <unistd.h>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <deque>
#include <filesystem>
#include <ostream>

#include <cio/app/config.hpp>
#include <cio/app/logging.hpp>

#include "flag_help.hpp"
#include "text.hpp"

#ifndef CIO_VERSION
#error "CIO_VERSION must be defined (the project's version, from CMake)"
#endif

namespace cio::app {
namespace {

// One flag per key. CLI11 only collects the text; it is converted after the
// file is read, so that flags override the file and share its checks.
struct Flag {
  const ConfigOption* option = nullptr;
  CLI::Option* cli = nullptr;
  std::string text;                // scalar flags
  std::vector<std::string> items;  // list and map flags
};

constexpr const char* kLoneArgument = "a lone argument names the config file";

// A path a lone argument may name: a file (or device) we can read.
bool readable_file(const std::string& path) {
  std::error_code ignored;
  return ::access(path.c_str(), R_OK) == 0 && !std::filesystem::is_directory(path, ignored);
}

class CommandLine {
 public:
  CommandLine(ConfigSchema& schema, const Program& program)
      : schema_(schema),
        program_(program),
        app_(std::string(program.description), std::string(program.name)) {
    app_.allow_extras();  // reported by check_extras, with a suggestion
    app_.footer(detail::kFlagsFooter);
    config_ = app_.add_option("-c,--config", config_path_, "Read settings from this YAML file")
                  ->type_name("FILE");
    app_.add_flag("--dump-config", dump_, "Print the effective configuration as YAML and exit");
    app_.add_flag("--help-loggers", help_loggers_,
                  "List the loggers log.levels can name, and exit");
    app_.add_flag("-t,--check-config", check_,
                  "Check the configuration (file, flags and the rules across keys), print "
                  "nothing and exit: 0 if valid, 2 with every error found");
    app_.add_flag("-v,--version", version_, "Print the program's name and version and exit");
    if (program.operands == Operands::own) {
      app_.add_option("operands", positionals_, "The program's operands")->type_name("OPERAND");
    } else {
      // One value: a second argument is left for check_extras.
      app_.add_option("config-file", lone_config_, "Read settings from this YAML file")
          ->type_name("FILE");
    }
    for (const ConfigOption& option : schema.options()) {
      add_flag(flags_.emplace_back(Flag{&option, nullptr, {}, {}}));
    }
  }

  // Call once.
  ParseOutcome parse(int argc, const char* const* argv, std::ostream& out) {
    try {
      app_.parse(reversed_arguments(argc, argv));
    } catch (const CLI::CallForHelp&) {
      out << app_.help();
      return {ParseOutcome::Action::exit, 0, {}};
    } catch (const CLI::ParseError& failure) {
      errors_.emplace_back(failure.what());
      return {ParseOutcome::Action::exit, kUsageErrorExit, {}};
    }
    if (program_.operands == Operands::own) {
      positionals_.insert(positionals_.end(), after_dashes_.begin(), after_dashes_.end());
    }
    if (help_loggers_) {
      out << loggers_text();
      return {ParseOutcome::Action::exit, 0, {}};
    }
    if (version_) {
      out << program_.name << ' ' << CIO_VERSION << '\n';
      return {ParseOutcome::Action::exit, 0, {}};
    }
    read_settings();
    if (!errors_.empty()) return {ParseOutcome::Action::exit, kUsageErrorExit, {}};
    if (dump_) {
      out << dump_config(schema_);
      return {ParseOutcome::Action::exit, 0, {}};
    }
    const auto action = check_ ? ParseOutcome::Action::check : ParseOutcome::Action::run;
    if (program_.operands == Operands::own) return {action, 0, positionals_};
    return {action, 0, {}};
  }

  std::string error() const { return detail::join(errors_, "\n"); }

 private:
  void add_flag(Flag& flag) {
    const ConfigOption& option = *flag.option;
    const std::string name = "--" + option.key;
    const std::string help = detail::describe_flag(option);
    if (option.shape() != ValueShape::scalar) {
      flag.cli = app_.add_option(name, flag.items, help)->type_name(option.type_name);
    } else if (is_bool(option)) {
      flag.cli = app_.add_flag(name, flag.text, help);
    } else {
      flag.cli = app_.add_option(name, flag.text, help)->type_name(option.type_name);
    }
    flag.cli->group(option.group)
        ->multi_option_policy(option.shape() == ValueShape::scalar
                                  ? CLI::MultiOptionPolicy::TakeLast
                                  : CLI::MultiOptionPolicy::TakeAll);
  }

  static bool is_bool(const ConfigOption& option) { return option.type_name == kBoolTypeName; }

  // The file, then the flags, then (if all of them were good) the rules.
  void read_settings() {
    // Unknown flags may have taken values that now pass for positionals.
    if (!check_extras()) read_positionals();
    if (config_->count() > 0 || !config_path_.empty()) {
      note(load_config_file(schema_, config_path_));
    }
    for (const Flag& flag : flags_) note(apply(flag));
    if (errors_.empty()) note(schema_.check_rules());
  }

  void note(const Parsed<>& parsed) {
    if (!parsed) errors_.push_back(parsed.error());
  }

  // CLI11 reads `--key=` as a bare `--key` that takes the next argument as its
  // value; spell the empty value out instead, as `--key ''` does. Switches
  // keep `--key=`: they take no separate value. A boolean word after a
  // boolean flag becomes its value: `--key false` is `--key=false`. What
  // follows "--" is kept for positionals_.
  std::vector<std::string> reversed_arguments(int argc, const char* const* argv) {
    std::vector<std::string> arguments;
    for (int i = 1; i < argc; ++i) {
      const std::string_view argument = argv[i];
      if (argument == "--") {  // CLI11 would take it for an extra
        after_dashes_.assign(argv + i + 1, argv + argc);
        break;
      }
      if (takes_empty_value(argument)) {
        arguments.emplace_back(argument.substr(0, argument.size() - 1));
        arguments.emplace_back();
      } else if (i + 1 < argc && is_boolean_word(argv[i + 1]) && names_bool(argument)) {
        arguments.push_back(std::string(argument) + "=" + argv[++i]);
      } else {
        arguments.emplace_back(argument);
      }
    }
    std::reverse(arguments.begin(), arguments.end());  // as CLI11 wants them
    return arguments;
  }

  const Flag* find_flag(std::string_view key) const {
    for (const Flag& flag : flags_) {
      if (flag.option->key == key) return &flag;
    }
    return nullptr;
  }

  bool takes_empty_value(std::string_view argument) const {
    if (!argument.starts_with("--") || !argument.ends_with('=')) return false;
    const std::string_view key = argument.substr(2, argument.size() - 3);
    if (key == "config") return true;
    const Flag* flag = find_flag(key);
    return flag != nullptr && !is_bool(*flag->option);
  }

  // "--<key>" of a boolean key, without a value.
  bool names_bool(std::string_view argument) const {
    if (!argument.starts_with("--")) return false;
    const Flag* flag = find_flag(argument.substr(2));
    return flag != nullptr && is_bool(*flag->option);
  }

  // Notes every unknown flag and extra argument; true if there was one.
  bool check_extras() {
    std::vector<std::string> names{"--config",  "--dump-config", "--check-config",
                                   "--version", "--help",        "--help-loggers"};
    for (const ConfigOption& option : schema_.options()) names.push_back("--" + option.key);
    std::vector<std::string> extras = app_.remaining();
    if (program_.operands != Operands::own) {
      extras.insert(extras.end(), after_dashes_.begin(), after_dashes_.end());
    }
    for (const std::string& extra : extras) {
      if (!extra.starts_with('-')) {
        errors_.push_back("unexpected argument '" + extra + "' (" + std::string(program_.name) +
                          " takes no operands; " + kLoneArgument + ")");
        continue;
      }
      const std::string flag = extra.substr(0, extra.find('='));
      errors_.push_back("unknown option '" + flag + "'" + detail::did_you_mean(flag, names));
    }
    return !extras.empty();
  }

  // Without operands of its own, a program takes one positional argument:
  // its config file, unless --config names one.
  void read_positionals() {
    if (lone_config_.empty()) return;
    if (config_->count() > 0) {
      errors_.push_back("unexpected argument '" + lone_config_ +
                        "' (--config already names the file)");
    } else if (!readable_file(lone_config_)) {
      errors_.push_back("unexpected argument '" + lone_config_ + "': not a readable config file (" +
                        std::string(program_.name) + " takes no operands; " + kLoneArgument + ")");
    } else {
      config_path_ = lone_config_;
    }
  }

  // --help-loggers: one "  name  description" line per known logger.
  static std::string loggers_text() {
    const std::vector<LoggerInfo> loggers = known_loggers();
    size_t width = 0;
    for (const LoggerInfo& logger : loggers) width = std::max(width, logger.name.size());
    std::string text = "Loggers (levels per logger: log.levels NAME=LEVEL):\n";
    for (const LoggerInfo& logger : loggers) {
      text += "  " + logger.name + std::string(width + 2 - logger.name.size(), ' ') +
              logger.description + "\n";
    }
    return text;
  }

  // Assigns what the flag collected, if it was given at all.
  Parsed<> apply(const Flag& flag) {
    const ConfigOption& option = *flag.option;
    const std::string where = "--" + option.key;
    if (flag.cli->count() == 0) return {};
    if (option.shape() == ValueShape::map) return apply_entries(option, where, flag.items);
    auto assigned = option.shape() == ValueShape::list ? option.assign(list_items(flag.items))
                                                       : option.assign(flag.text);
    if (!assigned) return ParseError{where + ": " + assigned.error()};
    schema_.note_origin(option.key, where);
    return {};
  }

  // `--key ''` empties a list: a shell cannot pass no value at all.
  static std::vector<std::string> list_items(const std::vector<std::string>& items) {
    if (items.size() == 1 && items.front().empty()) return {};
    return items;
  }

  Parsed<> apply_entries(const ConfigOption& option, const std::string& where,
                         const std::vector<std::string>& items) {
    std::vector<std::string> errors;
    for (const std::string& item : items) {
      const size_t equals = item.find('=');
      if (equals == 0 || equals == std::string::npos) {
        errors.push_back(where + ": '" + item + "' is not of the form NAME=VALUE");
        continue;
      }
      const std::string name = item.substr(0, equals);
      auto assigned = option.assign(TextMap{{name, item.substr(equals + 1)}});
      if (!assigned) errors.push_back(where + " " + name + ": " + assigned.error());
    }
    if (errors.size() < items.size()) schema_.note_origin(option.key, where);
    return detail::all_passed(errors);
  }

  ConfigSchema& schema_;
  Program program_;
  CLI::App app_;
  CLI::Option* config_ = nullptr;
  std::string config_path_;
  std::vector<std::string> positionals_;  // Operands::own
  std::vector<std::string> after_dashes_;
  std::string lone_config_;  // the positional config file
  bool dump_ = false;
  bool help_loggers_ = false;
  bool check_ = false;
  bool version_ = false;
  std::deque<Flag> flags_;  // a deque: CLI11 keeps pointers to its elements
  std::vector<std::string> errors_;
};

}  // namespace

bool is_boolean_word(std::string_view text) noexcept {
  for (const std::string_view word : {"true", "false", "yes", "no", "on", "off"}) {
    if (text == word) return true;
  }
  return false;
}

ParseOutcome parse_command_line(int argc, const char* const* argv, ConfigSchema& schema,
                                const Program& program, std::ostream& out, std::ostream& err) {
  CommandLine command_line(schema, program);
  ParseOutcome outcome = command_line.parse(argc, argv, out);
  if (outcome.exit_code != 0) print_usage_error(err, program.name, command_line.error());
  return outcome;
}

void print_usage_error(std::ostream& err, std::string_view app_name, std::string_view message) {
  for (size_t start = 0; start <= message.size();) {
    const size_t end = std::min(message.find('\n', start), message.size());
    err << app_name << ": " << message.substr(start, end - start) << '\n';
    start = end + 1;
  }
  err << "Try '" << app_name << " --help' for more information.\n";
}

}  // namespace cio::app
