// cio-copy: copies files and trees with cp's operands, over the framework's
// shards (see docs/apps/copier.md).
//
//   cio-copy [options] SRC... DST
#include <csignal>
#include <iostream>
#include <string>
#include <vector>

#include <cio/app/app.hpp>
#include <cio/app/config.hpp>

#include "arguments.hpp"
#include "copy_run.hpp"
#include "options.hpp"

namespace {

cio::Task<void> copy_main(const cio::copier::CopyOptions& options, cio::app::AppContext& context,
                          int& status) {
  status = co_await cio::copier::run_copy(context.operands, options, context);
}

// cp's wording for too few operands.
cio::Parsed<> enough_operands(const std::vector<std::string>& operands) {
  if (operands.empty()) return cio::ParseError{"missing file operand"};
  if (operands.size() == 1) {
    return cio::ParseError{"missing destination file operand after '" + operands[0] + "'"};
  }
  return {};
}

// What App::run parses: the flags, then "--" and the operands, so that an
// operand such as "-dash" is not read as a flag.
std::vector<const char*> app_arguments(const cio::copier::Arguments& arguments) {
  std::vector<const char*> argv;
  for (const std::string& flag : arguments.flags) argv.push_back(flag.c_str());
  argv.push_back("--");
  for (const std::string& operand : arguments.operands) argv.push_back(operand.c_str());
  return argv;
}

// The framework logs its setup at info level; a cp-like tool says nothing
// unless asked (log.level in a --config file, or --log.level).
cio::app::FrameworkConfig quiet_framework() {
  cio::app::FrameworkConfig defaults;
  defaults.log.level = cio::app::LogLevel::warn;
  return defaults;
}

}  // namespace

int main(int argc, char** argv) {
  // A file size limit (ulimit -f) would kill the copy with SIGXFSZ in the
  // middle of a file. Ignored, the write fails with EFBIG instead, which is
  // reported and cleaned up like any other write error.
  std::signal(SIGXFSZ, SIG_IGN);
  cio::app::App app("cio-copy",
                    "Copies files and directory trees: cio-copy [options] SRC... DST\n"
                    "(SRC to the file DST, or SRC... into the directory DST; -r for trees)",
                    quiet_framework());
  cio::copier::CopyOptions options;
  cio::copier::declare_copy_options(app.schema(), options);
  app.set_operands(cio::app::Operands::own);
  auto arguments = cio::copier::split_arguments(argc, argv, app.schema());
  cio::Parsed<> usage = arguments ? cio::Parsed<>() : cio::ParseError{arguments.error()};
  if (usage && !arguments.value().informational)
    usage = enough_operands(arguments.value().operands);
  if (!usage) {
    cio::app::print_usage_error(std::cerr, "cio-copy", usage.error());
    return cio::app::kUsageErrorExit;
  }
  std::vector<const char*> app_argv = app_arguments(arguments.value());
  int status = 0;
  const int code =
      app.run(static_cast<int>(app_argv.size()), app_argv.data(),
              [&](cio::app::AppContext& context) { return copy_main(options, context, status); });
  return code != 0 ? code : status;
}
