#include <cio/perf/options.hpp>

#include <charconv>
#include <cstdio>
#include <cstdlib>

namespace cio::perf {
namespace {

void usage(const char* program, std::string_view about) {
  std::printf(
      "%s: %.*s\n\n"
      "usage: %s [--quick] [--filter <substring>] [--reps <n>] [--rep-ms <ms>] [--list]\n\n"
      "  --quick          3 repetitions of ~30 ms per side (seconds in all)\n"
      "  --filter <s>     run only comparisons whose name contains <s>\n"
      "  --reps <n>       repetitions per side, interleaved A B A B ... (default 7);\n"
      "                   a pair during which other work used > 5%% of a CPU is\n"
      "                   flagged and re-run, up to <n> extra pairs\n"
      "  --rep-ms <ms>    target length of one repetition (default 200)\n"
      "  --list           print the names of the comparisons selected and exit\n"
      "  --help           this text\n\n"
      "Each comparison prints a table (median, min, max per side) and one line\n"
      "  ratio <area>.<case> <ours/baseline> <target>\n"
      "where higher is better.\n",
      program, static_cast<int>(about.size()), about.data(), program);
}

[[noreturn]] void bad(const char* program, const char* what, const char* arg) {
  std::fprintf(stderr, "%s: %s '%s' (try --help)\n", program, what, arg);
  std::exit(2);
}

int positive(const char* program, const char* flag, const char* text) {
  int value = 0;
  const std::string_view view(text);
  auto [end, ec] = std::from_chars(view.data(), view.data() + view.size(), value);
  if (ec != std::errc() || end != view.data() + view.size() || value <= 0) {
    bad(program, flag, text);
  }
  return value;
}

}  // namespace

Options parse_options(int argc, char** argv, std::string_view about) {
  Options options;
  bool reps_given = false;
  bool time_given = false;
  const char* program = argc > 0 ? argv[0] : "bench";
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg(argv[i]);
    const bool has_value = i + 1 < argc;
    if (arg == "--help" || arg == "-h") {
      usage(program, about);
      std::exit(0);
    } else if (arg == "--quick") {
      options.quick = true;
    } else if (arg == "--list") {
      options.list = true;
    } else if (arg == "--filter" || arg == "--reps" || arg == "--rep-ms") {
      if (!has_value) bad(program, "missing value for", argv[i]);
      const char* value = argv[++i];
      if (arg == "--filter") {
        options.filter = value;
      } else if (arg == "--reps") {
        options.repetitions = positive(program, "bad --reps value", value);
        reps_given = true;
      } else {
        options.rep_time =
            std::chrono::milliseconds(positive(program, "bad --rep-ms value", value));
        time_given = true;
      }
    } else {
      bad(program, "unknown argument", argv[i]);
    }
  }
  if (options.quick) {
    if (!reps_given) options.repetitions = 3;
    if (!time_given) options.rep_time = std::chrono::milliseconds(30);
  }
  return options;
}

}  // namespace cio::perf
