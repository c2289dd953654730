#include "arguments.hpp"

#include <algorithm>
#include <array>
#include <string_view>
#include <utility>

#include <cio/app/config.hpp>

namespace cio::copier {
namespace {

// Enum keys that also work as switches: the bare flag selects the first
// value, --no-<key> the second.
constexpr std::array<std::array<std::string_view, 3>, 2> kSwitchEnums{{
    {"direct", "on", "off"},
    {"progress", "on", "off"},
}};

constexpr std::array<std::pair<char, std::string_view>, 8> kShortSwitches{{
    {'r', "--recursive"},
    {'R', "--recursive"},
    {'p', "--preserve"},
    {'q', "--quiet"},
    {'k', "--keep-going"},
    {'h', "--help"},
    {'t', "--check-config"},
    {'v', "--version"},
}};

// Flags that need no operands: they print or check, and copy nothing.
constexpr std::array<std::string_view, 4> kInformational{"help", "dump-config", "check-config",
                                                         "version"};

const std::array<std::string_view, 3>* switch_enum(std::string_view name) {
  for (const auto& entry : kSwitchEnums) {
    if (entry[0] == name) return &entry;
  }
  return nullptr;
}

bool is_bool(const app::ConfigSchema& schema, std::string_view name) {
  const app::ConfigOption* option = schema.find(name);
  return option != nullptr && option->type_name == app::kBoolTypeName;
}

// True if "--<name>" (written without '=') takes the next argument.
bool takes_value(const app::ConfigSchema& schema, std::string_view name) {
  if (name == "config") return true;
  return schema.find(name) != nullptr && !is_bool(schema, name) && switch_enum(name) == nullptr;
}

class Splitter {
 public:
  Splitter(int argc, const char* const* argv, const app::ConfigSchema& schema)
      : argc_(argc), argv_(argv), schema_(schema) {
    out_.flags.emplace_back(argc > 0 ? argv[0] : "cio-copy");
  }

  Parsed<Arguments> split() && {
    bool operands_only = false;
    for (index_ = 1; index_ < argc_; ++index_) {
      const std::string_view arg = argv_[index_];
      if (operands_only || arg == "-" || !arg.starts_with('-')) {
        out_.operands.emplace_back(arg);
      } else if (arg == "--") {
        operands_only = true;
      } else if (arg.starts_with("--")) {
        add_long(arg);
      } else {
        add_short(arg.substr(1));
      }
    }
    if (!error_.empty()) return ParseError{error_};
    return std::move(out_);
  }

 private:
  void add_long(std::string_view arg) {
    const size_t equals = arg.find('=');
    const std::string_view name =
        arg.substr(2, equals == std::string_view::npos ? arg.npos : equals - 2);
    note_informational(name);
    if (equals != std::string_view::npos) {
      out_.flags.emplace_back(arg);
    } else if (const auto* entry = switch_enum(name)) {
      add_flag(name, (*entry)[1]);
    } else if (name.starts_with("no-") && schema_.find(name) == nullptr) {
      add_negated(name.substr(3), arg);
    } else if (is_bool(schema_, name) && index_ + 1 < argc_ &&
               app::is_boolean_word(argv_[index_ + 1])) {
      add_flag(name, argv_[++index_]);
    } else {
      out_.flags.emplace_back(arg);
      if (takes_value(schema_, name) && index_ + 1 < argc_)
        out_.flags.emplace_back(argv_[++index_]);
    }
  }

  // --no-<base>: false for a boolean, the "off" value of a switch enum; any
  // other name is passed on for the framework to report.
  void add_negated(std::string_view base, std::string_view arg) {
    if (const auto* entry = switch_enum(base)) {
      add_flag(base, (*entry)[2]);
    } else if (is_bool(schema_, base)) {
      add_flag(base, "false");
    } else {
      out_.flags.emplace_back(arg);
    }
  }

  void add_short(std::string_view letters) {
    for (size_t i = 0; i < letters.size(); ++i) {
      if (letters[i] == 'c') return add_config(letters.substr(i + 1));
      std::string_view flag;
      for (const auto& [short_name, long_name] : kShortSwitches) {
        if (short_name == letters[i]) flag = long_name;
      }
      if (flag.empty()) {
        if (error_.empty()) error_ = std::string("unknown option '-") + letters[i] + "'";
        continue;
      }
      note_informational(flag.substr(2));
      out_.flags.emplace_back(flag);
    }
  }

  void note_informational(std::string_view name) {
    if (std::find(kInformational.begin(), kInformational.end(), name) != kInformational.end()) {
      out_.informational = true;
    }
  }

  // -c FILE, or -cFILE: the rest of a cluster is the file.
  void add_config(std::string_view attached) {
    if (attached.empty() && index_ + 1 >= argc_) {
      if (error_.empty()) error_ = "option '-c' needs a FILE";
      return;
    }
    out_.flags.emplace_back("--config");
    out_.flags.emplace_back(attached.empty() ? std::string_view(argv_[++index_]) : attached);
  }

  void add_flag(std::string_view name, std::string_view value) {
    out_.flags.push_back("--" + std::string(name) + "=" + std::string(value));
  }

  int argc_;
  const char* const* argv_;
  const app::ConfigSchema& schema_;
  int index_ = 1;
  Arguments out_;
  std::string error_;  // the first usage error
};

}  // namespace

Parsed<Arguments> split_arguments(int argc, const char* const* argv,
                                  const app::ConfigSchema& schema) {
  return Splitter(argc, argv, schema).split();
}

}  // namespace cio::copier
