/// @file
/// Logging: one spdlog logger per area ("driver", "runtime", an app's own),
/// all writing through one sink (stderr, a file or syslog) in one format
/// (text or JSON lines) that names the shard:
///   [2026-11-26 09:23:38.199 +01:00] [shard 0] [runtime] [warning] message
/// Apps that log include <spdlog/spdlog.h> themselves and link spdlog.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace spdlog {
class logger;
namespace sinks {
class sink;
}  // namespace sinks
}  // namespace spdlog

namespace cio::app {

/// spdlog's levels, in spdlog's order.
enum class LogLevel : uint8_t { trace, debug, info, warn, error, critical, off };

/// The config name of `level`: "trace", "debug", "info", "warn", "error",
/// "critical" or "off".
std::string_view log_level_name(LogLevel level) noexcept;

/// Where lines go (log.output): stderr, a file, or syslog(3).
enum class LogOutput : uint8_t { standard_error, file, syslog };

/// How lines look (log.format): the text pattern above, or one JSON object
/// per line: {"time":"2026-11-26T09:23:38.199+01:00","shard":0,
/// "logger":"runtime","level":"warning","message":"..."} ("shard" is null
/// off the shard threads).
enum class LogFormat : uint8_t { text, json };

/// The logging settings (the log.* keys), applied by configure_logging.
struct LogConfig {
  LogLevel level = LogLevel::info;  ///< loggers without an entry in `levels`
  /// Per logger name; names no logger has yet are kept for later loggers.
  std::map<std::string, LogLevel, std::less<>> levels{};
  LogOutput output = LogOutput::standard_error;  ///< where lines go
  std::string file{};  ///< for LogOutput::file: opened for append, created (mode 0640) if missing
  LogFormat format = LogFormat::text;  ///< how lines look
  /// syslog's ident; "" is the program's name. Not a config key: App::run
  /// sets the app's name.
  std::string syslog_ident{};

  /// Field by field.
  bool operator==(const LogConfig&) const = default;
};

/// Points every registered logger, including "driver" and "runtime" (created
/// now if missing), at one sink in config.format, and sets each one's level
/// from `config`. The sink is config.output's: stderr (coloured only on a
/// terminal), config.file, or syslog (levels mapped to priorities: trace and
/// debug LOG_DEBUG, info LOG_INFO, warning LOG_WARNING, error LOG_ERR,
/// critical LOG_CRIT); tests pass their own `sink`. Throws std::system_error
/// naming the path when the file cannot be opened, leaving logging as it was.
/// Loggers are changed in place and without a lock their users take: call it
/// before shard threads start.
void configure_logging(const LogConfig& config,
                       std::shared_ptr<spdlog::sinks::sink> sink = nullptr);

/// Opens the log file of LogOutput::file again at its path, so that lines go
/// to a new file once logrotate has moved the old one; App::run calls it on
/// SIGHUP. Returns the error of the open (the old file is kept then); does
/// nothing for other outputs. Thread-safe.
std::error_code reopen_log_file();

/// A handle on the logger of one area ("echo", "runtime", ...), obtained once
/// and kept: as a member, or a function-local static. Obtaining one takes a
/// lock and a lookup (the logger is created when missing, with the configured
/// sink, pattern and level: stderr and "info" before configure_logging);
/// logging through it is a pointer dereference and spdlog's level check, with
/// no lock, lookup or allocation when the level is disabled. It follows every
/// configure_logging, before or after it was obtained. Thread-safe.
///
///   const cio::app::Logger& log() {
///     static const cio::app::Logger logger("echo");
///     return logger;
///   }
///   log()->info("listening on {}", address);
class Logger {
 public:
  /// Finds the logger named `area`, or creates and registers it with spdlog.
  explicit Logger(std::string_view area);

  /// The spdlog logger, never null: `log->info("...")`.
  spdlog::logger* operator->() const noexcept { return logger_.get(); }
  /// The spdlog logger.
  spdlog::logger& operator*() const noexcept { return *logger_; }

 private:
  std::shared_ptr<spdlog::logger> logger_;  // shared with spdlog's registry
};

/// A known logger, as known_loggers() lists it.
struct LoggerInfo {
  std::string name;         ///< as log.levels and Logger name it
  std::string description;  ///< one line, for `--help-loggers`
};

/// Makes logger `name` known: log.levels accepts it and `--help-loggers` lists
/// it. The framework's ("app", "driver", "runtime") are known from the
/// start; an app declares its own before App::run reads the config. A second
/// declaration of a name replaces its description. Thread-safe.
void declare_logger(std::string_view name, std::string_view description);

/// The known loggers, sorted by name.
std::vector<LoggerInfo> known_loggers();

/// Tags the calling thread's log lines "[shard <shard>]"; a negative value
/// restores "[main]". The shard layer calls it on each shard thread.
void set_log_shard(int shard) noexcept;

}  // namespace cio::app
