// The cp-style command line, split before App::run sees it. The framework's
// parser knows only "--<key> VALUE" flags; cio-copy also takes operands
// (SRC... DST), short switches (-r, -R, -p, -q, -k, -h, -t, -v, clustered as
// -rp), -c FILE (or -cFILE) for --config FILE, bare switches for its enum
// keys (--direct means --direct=on, --progress means --progress=on) and
// --no-<key> for booleans and those enums.
#pragma once

#include <string>
#include <vector>

#include <cio/app/config_schema.hpp>
#include <cio/core/parsed.hpp>

namespace cio::copier {

struct Arguments {
  // What App::run parses: the program name, then flags in canonical form.
  std::vector<std::string> flags;
  // SRC... DST, in order.
  std::vector<std::string> operands;
  // --help, --version, --dump-config or --check-config was given: operands
  // are not needed.
  bool informational = false;
};

// Splits argv: "--" ends the flags; a flag's value is the next argument when
// the schema says the key takes one and it was not written "--key=value",
// or, after a boolean flag, when it is a boolean word (app::is_boolean_word);
// every other argument not starting with '-' is an operand, wherever it is.
// Error: an unknown short switch, or -c without a file.
Parsed<Arguments> split_arguments(int argc, const char* const* argv,
                                  const app::ConfigSchema& schema);

}  // namespace cio::copier
