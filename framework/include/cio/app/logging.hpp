// Logging: one spdlog logger per area ("driver", "runtime", an app's own),
// all writing through one sink with one pattern that names the shard:
//   [2026-11-26 09:23:38.199] [shard 0] [runtime] [warning] message
// Apps that log include <spdlog/spdlog.h> themselves and link spdlog.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace spdlog {
class logger;
namespace sinks {
class sink;
}  // namespace sinks
}  // namespace spdlog

namespace cio::app {

// spdlog's levels, in spdlog's order.
enum class LogLevel : uint8_t { trace, debug, info, warn, error, critical, off };

// The config name of `level`: "trace", "debug", "info", "warn", "error",
// "critical" or "off".
std::string_view log_level_name(LogLevel level) noexcept;

struct LogConfig {
  LogLevel level = LogLevel::info;  // loggers without an entry in `levels`
  // Per logger name; names no logger has yet are kept for later loggers.
  std::map<std::string, LogLevel, std::less<>> levels;

  bool operator==(const LogConfig&) const = default;
};

// Points every registered logger, including "driver" and "runtime" (created
// now if missing), at one sink with the shard-aware pattern, and sets each
// one's level from `config`. The sink is stderr, coloured only when stderr is
// a terminal; tests pass their own `sink`. Loggers are changed in place and
// without a lock their users take: call it before shard threads start.
void configure_logging(const LogConfig& config,
                       std::shared_ptr<spdlog::sinks::sink> sink = nullptr);

// A handle on the logger of one area ("echo", "runtime", ...), obtained once
// and kept: as a member, or a function-local static. Obtaining one takes a
// lock and a lookup (the logger is created when missing, with the configured
// sink, pattern and level: stderr and "info" before configure_logging);
// logging through it is a pointer dereference and spdlog's level check, with
// no lock, lookup or allocation when the level is disabled. It follows every
// configure_logging, before or after it was obtained. Thread-safe.
//
//   const cio::app::Logger& log() {
//     static const cio::app::Logger logger("echo");
//     return logger;
//   }
//   log()->info("listening on {}", address);
class Logger {
 public:
  explicit Logger(std::string_view area);

  spdlog::logger* operator->() const noexcept { return logger_.get(); }
  spdlog::logger& operator*() const noexcept { return *logger_; }

 private:
  std::shared_ptr<spdlog::logger> logger_;  // shared with spdlog's registry
};

// Tags the calling thread's log lines "[shard <shard>]"; a negative value
// restores "[main]". The shard layer calls it on each shard thread.
void set_log_shard(int shard) noexcept;

}  // namespace cio::app
