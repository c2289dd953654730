// The cp-style command line, split before App::run sees it. The framework's
// parser knows only "--<key> VALUE" flags; cio-copy also takes operands
// (SRC... DST), short switches (-r, -R, -p, -q, -k, -h, clustered as -rp),
// bare switches for its enum keys (--direct means --direct=on, --progress
// means --progress=on) and --no-<key> for booleans and those enums.
#pragma once

#include <string>
#include <vector>

#include <cio/app/config_schema.hpp>

namespace cio::copier {

struct Arguments {
  // What App::run parses: the program name, then flags in canonical form.
  std::vector<std::string> flags;
  // SRC... DST, in order.
  std::vector<std::string> operands;
  // --help or --dump-config was given: operands are not needed.
  bool informational = false;
  // A usage error found here (an unknown short switch), or "".
  std::string error;
};

// Splits argv: "--" ends the flags; a flag's value is the next argument when
// the schema says the key takes one and it was not written "--key=value";
// every other argument not starting with '-' is an operand, wherever it is.
Arguments split_arguments(int argc, const char* const* argv, const app::ConfigSchema& schema);

}  // namespace cio::copier
