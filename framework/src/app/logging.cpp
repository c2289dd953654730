#include <unistd.h>

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <array>
#include <iterator>
#include <mutex>

#include <cio/app/logging.hpp>

namespace cio::app {
namespace {

static_assert(static_cast<int>(LogLevel::trace) == spdlog::level::trace);
static_assert(static_cast<int>(LogLevel::warn) == spdlog::level::warn);
static_assert(static_cast<int>(LogLevel::off) == spdlog::level::off);

constexpr std::array<std::string_view, 7> kLevelNames{"trace", "debug",    "info", "warn",
                                                      "error", "critical", "off"};

constexpr char kShardFlag = '*';
// %* is kShardFlag.
constexpr std::string_view kPattern = "[%Y-%m-%d %H:%M:%S.%e] [%*] [%n] [%^%l%$] %v";

thread_local int current_shard = -1;

// %* in the pattern: "shard 3", or "main" off the shard threads.
class ShardFlag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg&, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    if (current_shard < 0) {
      fmt::format_to(std::back_inserter(dest), "main");
    } else {
      fmt::format_to(std::back_inserter(dest), "shard {}", current_shard);
    }
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<ShardFlag>();
  }
};

std::unique_ptr<spdlog::formatter> make_formatter() {
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  formatter->add_flag<ShardFlag>(kShardFlag).set_pattern(std::string(kPattern));
  return formatter;
}

spdlog::sink_ptr make_stderr_sink() {
  // Colour escapes belong on a terminal, not in files, pipes or CI logs.
  const auto mode = isatty(STDERR_FILENO) ? spdlog::color_mode::always : spdlog::color_mode::never;
  return std::make_shared<spdlog::sinks::stderr_color_sink_mt>(mode);
}

spdlog::level::level_enum to_spdlog(LogLevel level) {
  return static_cast<spdlog::level::level_enum>(level);
}

struct LoggingState {
  std::mutex mutex;
  spdlog::sink_ptr sink;  // null until first needed
  LogConfig config;

  // Requires `mutex`.
  void install(spdlog::sink_ptr new_sink) {
    sink = std::move(new_sink);
    sink->set_formatter(make_formatter());
  }

  // Requires `mutex`.
  void apply_to(spdlog::logger& target) {
    if (!sink) install(make_stderr_sink());
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

std::string_view log_level_name(LogLevel level) noexcept {
  return kLevelNames.at(static_cast<size_t>(level));
}

void configure_logging(const LogConfig& config, std::shared_ptr<spdlog::sinks::sink> sink) {
  LoggingState& logging = state();
  {
    std::lock_guard lock(logging.mutex);
    logging.install(sink ? std::move(sink) : make_stderr_sink());
    logging.config = config;
  }
  for (std::string_view area : {"driver", "runtime"}) find_or_create(area);
  for (const auto& entry : config.levels) find_or_create(entry.first);
  // For loggers others create later with spdlog's own factories.
  spdlog::set_level(to_spdlog(config.level));
  spdlog::set_formatter(make_formatter());
  std::lock_guard lock(logging.mutex);
  spdlog::apply_all(
      [&logging](const std::shared_ptr<spdlog::logger>& each) { logging.apply_to(*each); });
}

Logger::Logger(std::string_view area) : logger_(find_or_create(area)) {}

void set_log_shard(int shard) noexcept { current_shard = shard; }

}  // namespace cio::app
