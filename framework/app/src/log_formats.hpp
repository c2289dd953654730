// The line formats of log.format, given to every sink configure_logging
// installs.
#pragma once

#include <spdlog/formatter.h>

#include <cstdint>
#include <memory>

namespace cio::app::detail {

// The shard set_log_shard gave the calling thread; -1 off the shard threads.
int log_shard() noexcept;

// Where lines go: a stream of lines, or syslog, which stamps time and
// priority itself and ends each message without a newline.
enum class LineTarget : uint8_t { stream, syslog };

// log.format text:
//   [2026-12-07 17:19:05.756 +00:00] [shard 0] [echo] [info] message
// and for syslog "[shard 0] [echo] message". The level is coloured where
// the sink colours.
std::unique_ptr<spdlog::formatter> make_text_formatter(LineTarget target);

// log.format json, one object per line:
//   {"time":"2026-12-07T17:19:05.756+00:00","shard":0,"logger":"echo",
//    "level":"info","message":"..."}
// "shard" is null off the shard threads. Strings are escaped as JSON needs
// (quotes, backslashes, control characters); other bytes, UTF-8 included,
// are passed through.
std::unique_ptr<spdlog::formatter> make_json_formatter(LineTarget target);

}  // namespace cio::app::detail
