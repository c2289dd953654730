// log.format json: one JSON object per line.
#include <spdlog/pattern_formatter.h>

#include <iterator>
#include <string>
#include <string_view>

#include "log_formats.hpp"

namespace cio::app::detail {
namespace {

// ISO-8601 with the UTC offset: 2026-12-07T17:19:05.756+00:00.
constexpr const char* kTimePattern = "%Y-%m-%dT%H:%M:%S.%e%z";

void append(spdlog::memory_buf_t& dest, std::string_view text) {
  dest.append(text.data(), text.data() + text.size());
}

// `text` as a JSON string, quotes included.
void append_quoted(spdlog::memory_buf_t& dest, std::string_view text) {
  dest.push_back('"');
  for (const char c : text) {
    switch (c) {
      case '"':
        append(dest, "\\\"");
        break;
      case '\\':
        append(dest, "\\\\");
        break;
      case '\n':
        append(dest, "\\n");
        break;
      case '\r':
        append(dest, "\\r");
        break;
      case '\t':
        append(dest, "\\t");
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          fmt::format_to(std::back_inserter(dest), "\\u{:04x}", static_cast<unsigned>(c));
        } else {
          dest.push_back(c);
        }
    }
  }
  dest.push_back('"');
}

class JsonFormatter final : public spdlog::formatter {
 public:
  explicit JsonFormatter(std::string eol)
      : time_(kTimePattern, spdlog::pattern_time_type::local, ""), eol_(std::move(eol)) {}

  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    append(dest, "{\"time\":\"");
    time_.format(msg, dest);
    append(dest, "\",\"shard\":");
    const int shard = log_shard();
    if (shard < 0) {
      append(dest, "null");
    } else {
      fmt::format_to(std::back_inserter(dest), "{}", shard);
    }
    append(dest, ",\"logger\":");
    append_quoted(dest, {msg.logger_name.data(), msg.logger_name.size()});
    append(dest, ",\"level\":");
    const auto level = spdlog::level::to_string_view(msg.level);
    append_quoted(dest, {level.data(), level.size()});
    append(dest, ",\"message\":");
    append_quoted(dest, {msg.payload.data(), msg.payload.size()});
    dest.push_back('}');
    append(dest, eol_);
  }

  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<JsonFormatter>(eol_);
  }

 private:
  spdlog::pattern_formatter time_;
  std::string eol_;
};

}  // namespace

std::unique_ptr<spdlog::formatter> make_json_formatter(LineTarget target) {
  return std::make_unique<JsonFormatter>(target == LineTarget::syslog ? "" : "\n");
}

}  // namespace cio::app::detail
