// parse_command_line: defaults < --config FILE < flags, with CLI11.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <deque>
#include <ostream>

#include <cio/app/config.hpp>
#include <cio/app/logging.hpp>

#include "text.hpp"

namespace cio::app {
namespace {

std::string default_text(const TextValue& value) {
  if (const auto* text = std::get_if<std::string>(&value)) return text->empty() ? "\"\"" : *text;
  TextList items;
  if (const auto* list = std::get_if<TextList>(&value)) {
    items = *list;
  } else {
    for (const auto& [name, text] : std::get<TextMap>(value)) items.push_back(name + "=" + text);
  }
  return items.empty() ? "none" : detail::join(items, ",");
}

// "Submission queue depth (1..32768; default 256)".
std::string describe(const ConfigOption& option) {
  std::string text = option.help + " (";
  if (!option.allowed.empty()) text += option.allowed + "; ";
  return text + "default " + default_text(option.default_value) + ")";
}

// One flag per key. CLI11 only collects the text; it is converted after the
// file is read, so that flags override the file and share its checks.
struct Flag {
  const ConfigOption* option = nullptr;
  CLI::Option* cli = nullptr;
  std::string text;                // scalar flags
  std::vector<std::string> items;  // list and map flags
};

class CommandLine {
 public:
  CommandLine(ConfigSchema& schema, std::string_view name, std::string_view description)
      : schema_(schema), app_(std::string(description), std::string(name)) {
    app_.allow_extras();  // reported by check_extras, with a suggestion
    app_.footer(
        "Flags override the --config file, which overrides the defaults. Durations take a "
        "unit: 250ms, 5s, 2m, 1h, 100us. Booleans are switches: --key, or --key=false.");
    config_ = app_.add_option("--config", config_path_, "Read settings from this YAML file")
                  ->type_name("FILE");
    app_.add_flag("--dump-config", dump_, "Print the effective configuration as YAML and exit");
    app_.add_flag("--help-loggers", help_loggers_,
                  "List the loggers log.levels can name, and exit");
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
      return {ParseOutcome::Action::exit, 0};
    } catch (const CLI::ParseError& failure) {
      error_ = failure.what();
      return {ParseOutcome::Action::exit, kUsageErrorExit};
    }
    if (help_loggers_) {
      out << loggers_text();
      return {ParseOutcome::Action::exit, 0};
    }
    Parsed<> parsed = check_extras();
    if (parsed && config_->count() > 0) parsed = load_config_file(schema_, config_path_);
    for (auto flag = flags_.begin(); parsed && flag != flags_.end(); ++flag) parsed = apply(*flag);
    if (parsed) parsed = schema_.check();
    if (!parsed) {
      error_ = parsed.error();
      return {ParseOutcome::Action::exit, kUsageErrorExit};
    }
    if (dump_) {
      out << dump_config(schema_);
      return {ParseOutcome::Action::exit, 0};
    }
    return {ParseOutcome::Action::run, 0};
  }

  const std::string& error() const { return error_; }

 private:
  void add_flag(Flag& flag) {
    const ConfigOption& option = *flag.option;
    const std::string name = "--" + option.key;
    if (option.shape() != ValueShape::scalar) {
      flag.cli = app_.add_option(name, flag.items, describe(option))->type_name(option.type_name);
    } else if (option.type_name == kBoolTypeName) {
      flag.cli = app_.add_flag(name, flag.text, describe(option));
    } else {
      flag.cli = app_.add_option(name, flag.text, describe(option))->type_name(option.type_name);
    }
    flag.cli->group(option.group)
        ->multi_option_policy(option.shape() == ValueShape::scalar
                                  ? CLI::MultiOptionPolicy::TakeLast
                                  : CLI::MultiOptionPolicy::TakeAll);
  }

  // CLI11 reads `--key=` as a bare `--key` that takes the next argument as its
  // value; spell the empty value out instead, as `--key ''` does. Switches
  // keep `--key=`: they take no separate value.
  std::vector<std::string> reversed_arguments(int argc, const char* const* argv) const {
    std::vector<std::string> arguments;  // reversed, as CLI11 wants them
    for (int i = argc - 1; i > 0; --i) {
      const std::string_view argument = argv[i];
      if (takes_empty_value(argument)) {
        arguments.emplace_back();
        arguments.emplace_back(argument.substr(0, argument.size() - 1));
      } else {
        arguments.emplace_back(argument);
      }
    }
    return arguments;
  }

  bool takes_empty_value(std::string_view argument) const {
    if (!argument.starts_with("--") || !argument.ends_with('=')) return false;
    const std::string_view key = argument.substr(2, argument.size() - 3);
    if (key == "config") return true;
    return std::any_of(flags_.begin(), flags_.end(), [key](const Flag& flag) {
      return flag.option->key == key && flag.option->type_name != kBoolTypeName;
    });
  }

  Parsed<> check_extras() const {
    const std::vector<std::string> extras = app_.remaining();
    if (extras.empty()) return {};
    const std::string& extra = extras.front();
    if (!extra.starts_with('-')) {
      const bool boolean = extra == "true" || extra == "false";
      return ParseError{"unexpected argument '" + extra + "'" +
                        (boolean ? " (booleans are switches: --key or --key=false)" : "")};
    }
    const std::string flag = extra.substr(0, extra.find('='));
    std::vector<std::string> names{"--config", "--dump-config", "--help", "--help-loggers"};
    for (const ConfigOption& option : schema_.options()) names.push_back("--" + option.key);
    return ParseError{"unknown option '" + flag + "'" + detail::did_you_mean(flag, names)};
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
    schema_.set_source(option.key, where);
    if (option.shape() == ValueShape::map) return apply_entries(option, where, flag.items);
    auto assigned = option.shape() == ValueShape::list ? option.assign(list_items(flag.items))
                                                       : option.assign(flag.text);
    if (!assigned) return ParseError{where + ": " + assigned.error()};
    return {};
  }

  // `--key ''` empties a list: a shell cannot pass no value at all.
  static std::vector<std::string> list_items(const std::vector<std::string>& items) {
    if (items.size() == 1 && items.front().empty()) return {};
    return items;
  }

  static Parsed<> apply_entries(const ConfigOption& option, const std::string& where,
                                const std::vector<std::string>& items) {
    for (const std::string& item : items) {
      const size_t equals = item.find('=');
      if (equals == 0 || equals == std::string::npos) {
        return ParseError{where + ": '" + item + "' is not of the form NAME=VALUE"};
      }
      const std::string name = item.substr(0, equals);
      auto assigned = option.assign(TextMap{{name, item.substr(equals + 1)}});
      if (!assigned) return ParseError{where + " " + name + ": " + assigned.error()};
    }
    return {};
  }

  ConfigSchema& schema_;
  CLI::App app_;
  CLI::Option* config_ = nullptr;
  std::string config_path_;
  bool dump_ = false;
  bool help_loggers_ = false;
  std::deque<Flag> flags_;  // a deque: CLI11 keeps pointers to its elements
  std::string error_;
};

}  // namespace

ParseOutcome parse_command_line(int argc, const char* const* argv, ConfigSchema& schema,
                                std::string_view app_name, std::string_view app_description,
                                std::ostream& out, std::ostream& err) {
  CommandLine command_line(schema, app_name, app_description);
  const ParseOutcome outcome = command_line.parse(argc, argv, out);
  if (outcome.exit_code != 0) print_usage_error(err, app_name, command_line.error());
  return outcome;
}

void print_usage_error(std::ostream& err, std::string_view app_name, std::string_view message) {
  err << app_name << ": " << message << "\nTry '" << app_name << " --help' for more information.\n";
}

}  // namespace cio::app
