// One side of a comparison: a command line in which "{src}" and "{dst}"
// stand for the source and the destination of the copy.
#pragma once

#include <string>
#include <vector>

namespace cio::bench {

struct Command {
  std::string label;              // for the table: "dd bs=1M", "cio-copy -q"
  std::vector<std::string> argv;  // with the placeholders
};

// `command.argv` with every "{src}" and "{dst}" replaced.
std::vector<std::string> expand(const Command& command, const std::string& source,
                                const std::string& destination);

}  // namespace cio::bench
