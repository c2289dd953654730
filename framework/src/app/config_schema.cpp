#include <cio/app/config_schema.hpp>

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

void ConfigSchema::add_rule(ConfigRule rule) { rules_.push_back(std::move(rule)); }

void ConfigSchema::set_source(const std::string& key, std::string where) {
  sources_.insert_or_assign(key, std::move(where));
}

std::string ConfigSchema::source(const std::string& key) const {
  const auto found = sources_.find(key);
  return found == sources_.end() ? std::string() : found->second;
}

Parsed<> ConfigSchema::check() const {
  for (const ConfigRule& rule : rules_) {
    if (auto problem = rule(*this)) {
      const std::string where = source(problem->key);
      return ParseError{(where.empty() ? problem->key : where) + ": " + problem->message};
    }
  }
  return {};
}

ConfigSection::ConfigSection(ConfigSchema& schema, std::string prefix, std::string group)
    : schema_(&schema), prefix_(std::move(prefix)), group_(std::move(group)) {}

ConfigSection& ConfigSection::add_bool(std::string_view name, bool& target, std::string help) {
  return add(
      name,
      detail::bool_codec([&target](bool value) { target = value; }, [&target] { return target; }),
      std::move(help));
}

ConfigSection& ConfigSection::add_string(std::string_view name, std::string& target,
                                         std::string help, StringCheck check, std::string allowed) {
  return add(name,
             detail::string_codec(
                 std::move(check), std::move(allowed),
                 [&target](std::string value) { target = std::move(value); },
                 [&target] { return target; }),
             std::move(help));
}

ConfigSection& ConfigSection::add_list(std::string_view name, std::vector<std::string>& target,
                                       std::string help) {
  return add(name,
             detail::list_codec([&target](TextList value) { target = std::move(value); },
                                [&target] { return target; }),
             std::move(help));
}

ConfigSection& ConfigSection::add(std::string_view name, detail::Codec codec, std::string help) {
  ConfigOption option{
      .key = prefix_.empty() ? std::string(name) : prefix_ + "." + std::string(name),
      .group = group_,
      .help = std::move(help),
      .type_name = std::move(codec.type_name),
      .allowed = std::move(codec.allowed),
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
