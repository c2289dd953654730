#include "flag_help.hpp"

#include "text.hpp"

namespace cio::app::detail {
namespace {

std::string default_text(const TextValue& value) {
  if (const auto* text = std::get_if<std::string>(&value)) return text->empty() ? "\"\"" : *text;
  TextList items;
  if (const auto* list = std::get_if<TextList>(&value)) {
    items = *list;
  } else {
    for (const auto& [name, text] : std::get<TextMap>(value)) items.push_back(name + "=" + text);
  }
  return items.empty() ? "none" : join(items, ",");
}

}  // namespace

std::string describe_flag(const ConfigOption& option) {
  std::string details = "default " + default_text(option.default_value);
  if (!option.allowed.empty()) details = option.allowed + "; " + details;
  if (option.help.ends_with(')')) {
    return option.help.substr(0, option.help.size() - 1) + "; " + details + ")";
  }
  return option.help + " (" + details + ")";
}

const char* const kFlagsFooter =
    "Settings: defaults < the config file (--config FILE, -c FILE, or FILE as the one argument "
    "of a program without operands) < flags. Durations take a unit: 250ms, 5s, 2m, 1h, 100us. "
    "Booleans: --key alone means true; a value goes after '=' or as the next argument, and "
    "only true, false, yes, no, on and off are taken as one (--key false, --key=off), so an "
    "operand after a boolean flag stays an operand.";

}  // namespace cio::app::detail
