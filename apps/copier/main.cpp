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

constexpr int kUsageError = 2;

cio::Task<void> copy_main(const std::vector<std::string>& operands,
                          const cio::copier::CopyOptions& options, cio::app::AppContext& context,
                          int& status) {
  status = co_await cio::copier::run_copy(operands, options, context);
}

// cp's wording for too few operands; "" when there are enough.
std::string missing_operand(const std::vector<std::string>& operands) {
  if (operands.empty()) return "missing file operand";
  if (operands.size() == 1) return "missing destination file operand after '" + operands[0] + "'";
  return {};
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
  cio::copier::Arguments arguments = cio::copier::split_arguments(argc, argv, app.schema());
  std::string usage = arguments.error;
  if (usage.empty() && !arguments.informational) usage = missing_operand(arguments.operands);
  if (!usage.empty()) {
    cio::app::print_usage_error(std::cerr, "cio-copy", usage);
    return kUsageError;
  }
  std::vector<const char*> flags;
  for (const std::string& flag : arguments.flags) flags.push_back(flag.c_str());
  int status = 0;
  const int code =
      app.run(static_cast<int>(flags.size()), flags.data(), [&](cio::app::AppContext& context) {
        return copy_main(arguments.operands, options, context, status);
      });
  return code != 0 ? code : status;
}
