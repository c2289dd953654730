#include <syslog.h>
#include <unistd.h>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/sinks/syslog_sink.h>
#include <spdlog/spdlog.h>

#include <array>
#include <mutex>

#include <cio/app/logging.hpp>

#include "log_file_sink.hpp"
#include "log_formats.hpp"

namespace cio::app {
namespace {

static_assert(static_cast<int>(LogLevel::trace) == spdlog::level::trace);
static_assert(static_cast<int>(LogLevel::warn) == spdlog::level::warn);
static_assert(static_cast<int>(LogLevel::off) == spdlog::level::off);

constexpr std::array<std::string_view, 7> kLevelNames{"trace", "debug",    "info", "warn",
                                                      "error", "critical", "off"};

thread_local int current_shard = -1;

spdlog::sink_ptr make_stderr_sink() {
  // Colour escapes belong on a terminal, not in files, pipes or CI logs.
  const auto mode = isatty(STDERR_FILENO) ? spdlog::color_mode::always : spdlog::color_mode::never;
  return std::make_shared<spdlog::sinks::stderr_color_sink_mt>(mode);
}

std::unique_ptr<spdlog::formatter> make_formatter(LogFormat format, detail::LineTarget target) {
  return format == LogFormat::json ? detail::make_json_formatter(target)
                                   : detail::make_text_formatter(target);
}

spdlog::level::level_enum to_spdlog(LogLevel level) {
  return static_cast<spdlog::level::level_enum>(level);
}

// The sink and line target config.output names; `file` is set for a file.
spdlog::sink_ptr make_output(const LogConfig& config, detail::LineTarget& target,
                             std::shared_ptr<detail::LogFileSink>& file) {
  target = detail::LineTarget::stream;
  switch (config.output) {
    case LogOutput::file:
      file = std::make_shared<detail::LogFileSink>(config.file);
      return file;
    case LogOutput::syslog:
      target = detail::LineTarget::syslog;
      return std::make_shared<spdlog::sinks::syslog_sink_mt>(config.syslog_ident, LOG_PID, LOG_USER,
                                                             true);
    case LogOutput::standard_error:
      break;
  }
  return make_stderr_sink();
}

struct LoggingState {
  std::mutex mutex;
  spdlog::sink_ptr sink;                      // null until first needed
  std::shared_ptr<detail::LogFileSink> file;  // the sink, for LogOutput::file
  LogConfig config;

  // Requires `mutex`.
  void install(spdlog::sink_ptr new_sink, LogFormat format, detail::LineTarget target) {
    sink = std::move(new_sink);
    sink->set_formatter(make_formatter(format, target));
  }

  // Requires `mutex`.
  void apply_to(spdlog::logger& target) {
    if (!sink) install(make_stderr_sink(), LogFormat::text, detail::LineTarget::stream);
    target.sinks().assign(1, sink);
    const auto entry = config.levels.find(target.name());
    target.set_level(to_spdlog(entry == config.levels.end() ? config.level : entry->second));
  }
};

LoggingState& state() {
  static LoggingState instance;
  return instance;
}

std::shared_ptr<spdlog::logger> find_or_create(std::string_view area) {
  const std::string name(area);
  LoggingState& logging = state();
  std::lock_guard lock(logging.mutex);
  if (auto existing = spdlog::get(name)) return existing;
  auto created = std::make_shared<spdlog::logger>(name);
  logging.apply_to(*created);
  try {
    spdlog::register_logger(created);
  } catch (const spdlog::spdlog_ex&) {
    return spdlog::get(name);  // registered meanwhile through spdlog's own factories
  }
  return created;
}

}  // namespace

int detail::log_shard() noexcept { return current_shard; }

std::string_view log_level_name(LogLevel level) noexcept {
  return kLevelNames.at(static_cast<size_t>(level));
}

void configure_logging(const LogConfig& config, std::shared_ptr<spdlog::sinks::sink> sink) {
  auto target = detail::LineTarget::stream;
  std::shared_ptr<detail::LogFileSink> file;
  if (!sink) sink = make_output(config, target, file);  // throws before anything changes
  LoggingState& logging = state();
  {
    std::lock_guard lock(logging.mutex);
    logging.install(std::move(sink), config.format, target);
    logging.file = std::move(file);
    logging.config = config;
  }
  for (std::string_view area : {"driver", "runtime"}) find_or_create(area);
  for (const auto& entry : config.levels) find_or_create(entry.first);
  // For loggers others create later with spdlog's own factories.
  spdlog::set_level(to_spdlog(config.level));
  spdlog::set_formatter(make_formatter(config.format, target));
  std::lock_guard lock(logging.mutex);
  spdlog::apply_all(
      [&logging](const std::shared_ptr<spdlog::logger>& each) { logging.apply_to(*each); });
}

std::error_code reopen_log_file() {
  LoggingState& logging = state();
  std::lock_guard lock(logging.mutex);
  return logging.file ? logging.file->reopen() : std::error_code();
}

Logger::Logger(std::string_view area) : logger_(find_or_create(area)) {}

void set_log_shard(int shard) noexcept { current_shard = shard; }

}  // namespace cio::app
