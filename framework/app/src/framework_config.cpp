#include <algorithm>

#include <cio/app/cpuset.hpp>
#include <cio/app/framework_config.hpp>

#include "text.hpp"

namespace cio::app {
namespace {

Choices<LogLevel> log_level_choices() {
  Choices<LogLevel> choices;
  for (auto level = LogLevel::trace; level <= LogLevel::off;
       level = static_cast<LogLevel>(static_cast<int>(level) + 1)) {
    choices.emplace_back(std::string(log_level_name(level)), level);
  }
  return choices;
}

// log.levels names a logger the app knows (declare_logger).
Parsed<> check_logger_name(const std::pair<std::string, LogLevel>& entry) {
  std::vector<std::string> names;
  for (const LoggerInfo& known : known_loggers()) names.push_back(known.name);
  if (std::find(names.begin(), names.end(), entry.first) != names.end()) return {};
  return ParseError{"unknown logger '" + entry.first + "'" +
                    detail::did_you_mean(entry.first, names) + " (allowed " +
                    detail::join(names, "|") + "; --help-loggers describes them)"};
}

// log.output file needs a path; reported where log.file (or else
// log.output) was set.
Parsed<> check_log_file(const LogConfig& log) {
  if (log.output != LogOutput::file || !log.file.empty()) return {};
  return ParseError{"with log.output file, log.file must name the path to append to"};
}

Parsed<> check_cpuset(std::string_view text) {
  auto cpus = parse_cpuset(text);
  if (!cpus) return ParseError{cpus.error()};
  return {};
}

}  // namespace

void declare_framework_config(ConfigSchema& schema, FrameworkConfig& config) {
  using std::chrono::milliseconds;
  schema.section("", "Framework options")
      .add_integer("shards", config.shards, 1, kMaxShards,
                   "Shards (threads) to run; auto runs one per CPU of the cpuset")
      .add_string("cpuset", config.cpuset, "CPUs to run shards on; empty: all usable CPUs",
                  {check_cpuset, "a cpuset(7) list such as 0-3,6"})
      .add_bool("overprovision", config.overprovision, "Allow more shards than CPUs")
      .add_enum("backend", config.driver.backend,
                {{"auto", BackendKind::automatic},
                 {"io_uring", BackendKind::io_uring},
                 {"epoll", BackendKind::epoll}},
                "IO backend; auto uses io_uring, or epoll where the kernel refuses it");
  schema.section("driver", "Framework options")
      .add_integer("entries", config.driver.entries, 1, 32768,
                   "Submission queue depth of each shard")
      .add_integer("completion_entries", config.driver.completion_entries, 0, 65536,
                   "Completion queue depth of each shard; 0: 4 x driver.entries")
      .add_integer("registered_files", config.driver.registered_files, 0, 1048576,
                   "Registered-file slots of each shard; 0 disables them")
      .add_integer("idle_poll_us", config.idle_poll_us, 0, 1000000,
                   "Microseconds an idle shard polls before it sleeps in the kernel");
  schema.section("log", "Framework options")
      .add_enum("level", config.log.level, log_level_choices(),
                "Level of every logger without a log.levels entry")
      .add_enum_map("levels", config.log.levels, log_level_choices(),
                    "Level per logger, e.g. runtime=debug",
                    {check_logger_name, "names of known loggers (--help-loggers)"})
      .add_enum("output", config.log.output,
                {{"stderr", LogOutput::standard_error},
                 {"file", LogOutput::file},
                 {"syslog", LogOutput::syslog}},
                "Where lines go; file appends to log.file and reopens it on SIGHUP")
      .add_string("file", config.log.file, "Log file for log.output file")
      .add_enum("format", config.log.format, {{"text", LogFormat::text}, {"json", LogFormat::json}},
                "Line format: text, or one JSON object per line");
  schema.add_rule({"log.file", "log.output"}, [&log = config.log] { return check_log_file(log); });
  schema.section("", "Framework options")
      .add_duration("shutdown_timeout", config.shutdown_timeout, milliseconds(0),
                    milliseconds(std::chrono::hours(1)),
                    "How long shutdown waits for tasks before cancelling them");
}

RuntimeConfig make_runtime_config(const FrameworkConfig& config) {
  RuntimeConfig runtime;
  runtime.driver = config.driver;
  runtime.idle_poll = std::chrono::microseconds(config.idle_poll_us);
  return runtime;
}

}  // namespace cio::app
