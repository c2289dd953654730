// dump_config: a ConfigSchema's current values as YAML.
#include <yaml-cpp/yaml.h>

#include <cio/app/config.hpp>

namespace cio::app {
namespace {

// Keys split at their dots, in first-declared order: "driver.entries" and
// "driver.registered_files" share one "driver" node.
struct DumpNode {
  std::string name;
  const ConfigOption* option = nullptr;
  std::vector<DumpNode> children;

  DumpNode& child(std::string_view child_name) {
    for (DumpNode& node : children) {
      if (node.name == child_name) return node;
    }
    return children.emplace_back(DumpNode{std::string(child_name), nullptr, {}});
  }
};

DumpNode build_tree(const ConfigSchema& schema) {
  DumpNode root;
  for (const ConfigOption& option : schema.options()) {
    DumpNode* node = &root;
    std::string_view rest = option.key;
    for (size_t dot = rest.find('.'); dot != std::string_view::npos; dot = rest.find('.')) {
      node = &node->child(rest.substr(0, dot));
      rest.remove_prefix(dot + 1);
    }
    node->child(rest).option = &option;
  }
  return root;
}

void emit_value(YAML::Emitter& out, const TextValue& value) {
  if (const auto* text = std::get_if<std::string>(&value)) {
    out << *text;
  } else if (const auto* items = std::get_if<TextList>(&value)) {
    if (items->empty()) out << YAML::Flow;  // "[]" rather than nothing
    out << YAML::BeginSeq;
    for (const std::string& item : *items) out << item;
    out << YAML::EndSeq;
  } else {
    const auto& entries = std::get<TextMap>(value);
    if (entries.empty()) out << YAML::Flow;  // "{}"
    out << YAML::BeginMap;
    for (const auto& [name, text] : entries) out << YAML::Key << name << YAML::Value << text;
    out << YAML::EndMap;
  }
}

void emit_node(YAML::Emitter& out, const DumpNode& node) {
  out << YAML::BeginMap;
  for (const DumpNode& child : node.children) {
    out << YAML::Key << child.name << YAML::Value;
    if (child.option != nullptr) {
      emit_value(out, child.option->render());
    } else {
      emit_node(out, child);
    }
  }
  out << YAML::EndMap;
}

}  // namespace

std::string dump_config(const ConfigSchema& schema) {
  YAML::Emitter out;
  emit_node(out, build_tree(schema));
  return std::string(out.c_str()) + "\n";
}

}  // namespace cio::app
