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

// The logger named `area`; when it does not exist yet it is created with the
// configured sink, pattern and level (stderr and "info" before
// configure_logging). Thread-safe.
std::shared_ptr<spdlog::logger> logger(std::string_view area);

// Tags the calling thread's log lines "[shard <shard>]"; a negative value
// restores "[main]". The shard layer calls it on each shard thread.
void set_log_shard(int shard) noexcept;

}  // namespace cio::app
