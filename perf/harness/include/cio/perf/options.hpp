// Command-line options every benchmark binary in perf/ shares.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace cio::perf {

struct Options {
  int repetitions = 7;                      // per side, run interleaved
  std::chrono::milliseconds rep_time{200};  // target length of one repetition
  std::string filter;                       // run comparisons whose name contains this
  bool list = false;                        // print the names and exit
  bool quick = false;
};

// Parses --quick, --filter <s>, --reps <n>, --rep-ms <n>, --list and --help.
// Prints usage and exits 0 on --help, 2 on a bad argument. `about` is one
// line saying what the binary measures.
Options parse_options(int argc, char** argv, std::string_view about);

}  // namespace cio::perf
