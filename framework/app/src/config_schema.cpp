#include <cio/app/config_schema.hpp>

#include "text.hpp"

namespace cio::app {
namespace {

// True if `key` continues `prefix` at a dot: "driver.entries" under "driver".
bool nests_under(std::string_view key, std::string_view prefix) {
  return key.size() > prefix.size() && key.starts_with(prefix) && key[prefix.size()] == '.';
}

}  // namespace

ConfigSection ConfigSchema::section(std::string prefix, std::string group) {
  return ConfigSection(*this, std::move(prefix), std::move(group));
}

void ConfigSchema::add(ConfigOption option) {
  for (const ConfigOption& existing : options_) {
    if (existing.key == option.key || nests_under(existing.key, option.key) ||
        nests_under(option.key, existing.key)) {
      throw std::logic_error("config: key '" + option.key + "' clashes with '" + existing.key +
                             "'");
    }
  }
  options_.push_back(std::move(option));
}

const ConfigOption* ConfigSchema::find(std::string_view key) const noexcept {
  for (const ConfigOption& option : options_) {
    if (option.key == key) return &option;
  }
  return nullptr;
}

bool ConfigSchema::is_section(std::string_view key) const noexcept {
  for (const ConfigOption& option : options_) {
    if (nests_under(option.key, key)) return true;
  }
  return false;
}

void ConfigSchema::add_rule(std::vector<std::string> keys, std::function<Parsed<>()> test) {
  for (const std::string& key : keys) {
    if (find(key) == nullptr)
      throw std::logic_error("config: rule on undeclared key '" + key + "'");
  }
  rules_.push_back(Rule{std::move(keys), std::move(test)});
}

void ConfigSchema::note_origin(std::string_view key, std::string place) {
  origins_.insert_or_assign(std::string(key), std::move(place));
}

std::string ConfigSchema::place_of(const Rule& rule) const {
  for (const std::string& key : rule.keys) {
    if (auto origin = origins_.find(key); origin != origins_.end()) return origin->second;
  }
  return rule.keys.empty() ? std::string() : rule.keys.front();
}

Parsed<> ConfigSchema::check_rules() const {
  std::vector<std::string> broken;
  for (const Rule& rule : rules_) {
    auto passed = rule.test();
    if (!passed) broken.push_back(place_of(rule) + ": " + passed.error());
  }
  return detail::all_passed(broken);
}

ConfigSection::ConfigSection(ConfigSchema& schema, std::string prefix, std::string group)
    : schema_(&schema), prefix_(std::move(prefix)), group_(std::move(group)) {}

ConfigSection& ConfigSection::add_bool(std::string_view name, bool& target, std::string help,
                                       Check<bool> check) {
  return add(
      name,
      detail::bool_codec([&target, check](bool value) { return store(target, check, value); },
                         [&target] { return target; }),
      std::move(help), check.allowed);
}

ConfigSection& ConfigSection::add_string(std::string_view name, std::string& target,
                                         std::string help, Check<std::string> check) {
  return add(
      name,
      detail::string_codec(
          [&target, check](std::string value) { return store(target, check, std::move(value)); },
          [&target] { return target; }),
      std::move(help), check.allowed);
}

ConfigSection& ConfigSection::add_list(std::string_view name, std::vector<std::string>& target,
                                       std::string help, Check<std::vector<std::string>> check) {
  return add(
      name,
      detail::list_codec(
          [&target, check](TextList value) { return store(target, check, std::move(value)); },
          [&target] { return target; }),
      std::move(help), check.allowed);
}

ConfigSection& ConfigSection::add(std::string_view name, detail::Codec codec, std::string help,
                                  const std::string& check_allowed) {
  std::string allowed = std::move(codec.allowed);
  if (!allowed.empty() && !check_allowed.empty()) allowed += ", ";
  allowed += check_allowed;
  ConfigOption option{
      .key = prefix_.empty() ? std::string(name) : prefix_ + "." + std::string(name),
      .group = group_,
      .help = std::move(help),
      .type_name = std::move(codec.type_name),
      .allowed = std::move(allowed),
      .default_value = codec.render(),
      .assign = std::move(codec.assign),
      .render = std::move(codec.render),
  };
  // The default must be a value the key accepts, or --dump-config would
  // print a file that cannot be read back.
  if (auto accepted = option.assign(option.default_value); !accepted) {
    throw std::logic_error("config: default of '" + option.key +
                           "' is invalid: " + accepted.error());
  }
  schema_->add(std::move(option));
  return *this;
}

}  // namespace cio::app
