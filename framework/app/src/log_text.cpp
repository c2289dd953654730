// log.format text: spdlog's pattern formatter with a flag for the shard.
#include <spdlog/pattern_formatter.h>

#include <iterator>
#include <string>

#include "log_formats.hpp"

namespace cio::app::detail {
namespace {

constexpr char kShardFlag = '*';
// %* is kShardFlag; %z is the UTC offset, so that hosts in different zones
// line up.
constexpr const char* kPattern = "[%Y-%m-%d %H:%M:%S.%e %z] [%*] [%n] [%^%l%$] %v";
constexpr const char* kSyslogPattern = "[%*] [%n] %v";

// %* in the pattern: "shard 3", or "main" off the shard threads.
class ShardFlag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg&, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    const int shard = log_shard();
    if (shard < 0) {
      fmt::format_to(std::back_inserter(dest), "main");
    } else {
      fmt::format_to(std::back_inserter(dest), "shard {}", shard);
    }
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<ShardFlag>();
  }
};

}  // namespace

std::unique_ptr<spdlog::formatter> make_text_formatter(LineTarget target) {
  const bool syslog = target == LineTarget::syslog;
  spdlog::pattern_formatter::custom_flags flags;
  flags[kShardFlag] = std::make_unique<ShardFlag>();
  return std::make_unique<spdlog::pattern_formatter>(syslog ? kSyslogPattern : kPattern,
                                                     spdlog::pattern_time_type::local,
                                                     syslog ? "" : "\n", std::move(flags));
}

}  // namespace cio::app::detail
