// load_config_file / load_config_text: YAML into a ConfigSchema.
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <memory>
#include <optional>
#include <system_error>

#include <yaml-cpp/yaml.h>

#include <cio/app/config.hpp>

#include "text.hpp"

namespace cio::app {
namespace {

std::string describe(const YAML::Node& node) {
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a map";
  return "a single value";
}

// A scalar's text; an empty value ("key:") reads as "".
std::optional<std::string> scalar_text(const YAML::Node& node) {
  if (node.IsNull()) return std::string();
  if (node.IsScalar()) return node.Scalar();
  return std::nullopt;
}

// All keys and every dotted prefix of them: what an unknown key may be a
// typo of.
std::vector<std::string> known_names(const ConfigSchema& schema) {
  std::vector<std::string> names;
  for (const ConfigOption& option : schema.options()) {
    for (size_t dot = option.key.find('.'); dot != std::string::npos;
         dot = option.key.find('.', dot + 1)) {
      names.push_back(option.key.substr(0, dot));
    }
    names.push_back(option.key);
  }
  return names;
}

// Reads every key it can: a bad entry is noted and the reader goes on, so
// one run reports every mistake in the file.
class YamlReader {
 public:
  YamlReader(ConfigSchema& schema, std::string_view origin) : schema_(schema), origin_(origin) {}

  Parsed<> read(const YAML::Node& root) {
    if (root.IsNull()) return {};  // an empty file changes nothing
    if (root.IsMap()) {
      read_map(root, "");
    } else {
      fail(root.Mark(), "", "expected a map of keys, got " + describe(root));
    }
    return detail::all_passed(errors_);
  }

  // "path:line:column: key" ("path:line:column" without a key).
  std::string place(const YAML::Mark& mark, std::string_view key) const {
    std::string text =
        origin_ + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
    if (!key.empty()) text += ": " + std::string(key);
    return text;
  }

  ParseError error(const YAML::Mark& mark, std::string_view key, std::string_view message) const {
    return {place(mark, key) + ": " + std::string(message)};
  }

 private:
  void fail(const YAML::Mark& mark, std::string_view key, std::string_view message) {
    errors_.push_back(error(mark, key, message).message);
  }

  void read_map(const YAML::Node& map, const std::string& prefix) {
    for (const auto& entry : map) {
      if (!entry.first.IsScalar()) {
        fail(entry.first.Mark(), prefix, "keys must be names");
        continue;
      }
      const std::string& name = entry.first.Scalar();
      read_entry(prefix.empty() ? name : prefix + "." + name, entry.first.Mark(), entry.second);
    }
  }

  void read_entry(const std::string& key, const YAML::Mark& mark, const YAML::Node& value) {
    if (const ConfigOption* option = schema_.find(key)) return read_option(*option, mark, value);
    if (!schema_.is_section(key)) {
      return fail(mark, "",
                  "unknown key '" + key + "'" + detail::did_you_mean(key, known_names(schema_)));
    }
    if (!value.IsMap()) {
      return fail(mark, key, "expected a map of " + key + ".* keys, got " + describe(value));
    }
    read_map(value, key);
  }

  void read_option(const ConfigOption& option, const YAML::Mark& mark, const YAML::Node& value) {
    if (option.shape() == ValueShape::list) return read_list(option, mark, value);
    if (option.shape() == ValueShape::map) return read_entries(option, mark, value);
    if (auto text = scalar_text(value)) return assign(option, option.key, mark, *text);
    fail(mark, option.key, "expected a single value, got " + describe(value));
  }

  void read_list(const ConfigOption& option, const YAML::Mark& mark, const YAML::Node& value) {
    if (value.IsNull()) return assign(option, option.key, mark, TextList{});
    if (!value.IsSequence())
      return fail(mark, option.key, "expected a list, got " + describe(value));
    TextList items;
    for (const YAML::Node& item : value) {
      auto text = scalar_text(item);
      if (!text) return fail(item.Mark(), option.key, "list items must be single values");
      items.push_back(std::move(*text));
    }
    assign(option, option.key, mark, std::move(items));
  }

  // Map entries are assigned one by one so an error names its own entry.
  void read_entries(const ConfigOption& option, const YAML::Mark& mark, const YAML::Node& value) {
    if (value.IsNull()) return;
    if (!value.IsMap()) return fail(mark, option.key, "expected a map, got " + describe(value));
    for (const auto& entry : value) {
      auto text = scalar_text(entry.second);
      if (!entry.first.IsScalar() || !text) {
        fail(entry.first.Mark(), option.key, "expected entries of the form name: value");
        continue;
      }
      const std::string& name = entry.first.Scalar();
      assign(option, option.key + "." + name, entry.first.Mark(), TextMap{{name, *text}});
    }
  }

  void assign(const ConfigOption& option, std::string_view key, const YAML::Mark& mark,
              TextValue value) {
    auto assigned = option.assign(value);
    if (!assigned) return fail(mark, key, assigned.error());
    schema_.note_origin(option.key, place(mark, key));
  }

  ConfigSchema& schema_;
  std::string origin_;
  std::vector<std::string> errors_;
};

ParseError file_error(const std::string& path, int error) {
  return {path + ": cannot read the config file: " + std::generic_category().message(error)};
}

Parsed<std::string> read_file(const std::string& path) {
  const std::unique_ptr<FILE, decltype(&std::fclose)> file(std::fopen(path.c_str(), "re"),
                                                           &std::fclose);
  if (!file) return file_error(path, errno);
  struct stat status {};
  if (fstat(fileno(file.get()), &status) == 0 && S_ISDIR(status.st_mode)) {
    return ParseError{path + ": is a directory, not a config file"};
  }
  std::string text;
  char chunk[4096];
  size_t got = 0;
  while ((got = std::fread(chunk, 1, sizeof(chunk), file.get())) > 0) text.append(chunk, got);
  if (std::ferror(file.get())) return file_error(path, errno);
  return text;
}

}  // namespace

Parsed<> load_config_text(ConfigSchema& schema, std::string_view yaml, std::string_view origin) {
  YamlReader reader(schema, origin);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& failure) {
    return reader.error(failure.mark, "", "malformed YAML: " + failure.msg);
  }
  return reader.read(root);
}

Parsed<> load_config_file(ConfigSchema& schema, const std::string& path) {
  auto text = read_file(path);
  if (!text) return ParseError{text.error()};
  return load_config_text(schema, text.value(), path);
}

}  // namespace cio::app
