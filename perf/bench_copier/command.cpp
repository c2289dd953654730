#include "command.hpp"

#include <string_view>

namespace cio::bench {
namespace {

void replace_all(std::string& text, std::string_view from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

}  // namespace

std::vector<std::string> expand(const Command& command, const std::string& source,
                                const std::string& destination) {
  std::vector<std::string> argv = command.argv;
  for (std::string& arg : argv) {
    replace_all(arg, "{src}", source);
    replace_all(arg, "{dst}", destination);
  }
  return argv;
}

}  // namespace cio::bench
