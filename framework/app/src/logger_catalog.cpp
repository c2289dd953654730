// The loggers an app can configure: what log.levels accepts and
// --help-loggers lists.
#include <map>
#include <mutex>

#include <cio/app/logging.hpp>

namespace cio::app {
namespace {

struct Catalog {
  std::mutex mutex;
  std::map<std::string, std::string, std::less<>> descriptions{
      {"app", "start-up failures, signals received, shutdown"},
      {"driver", "the IO backend chosen (and why), driver failures"},
      {"runtime", "failed tasks, cross-shard messages and listeners"},
  };
};

Catalog& catalog() {
  static Catalog instance;
  return instance;
}

}  // namespace

void declare_logger(std::string_view name, std::string_view description) {
  Catalog& known = catalog();
  std::lock_guard lock(known.mutex);
  known.descriptions.insert_or_assign(std::string(name), std::string(description));
}

std::vector<LoggerInfo> known_loggers() {
  Catalog& known = catalog();
  std::lock_guard lock(known.mutex);
  std::vector<LoggerInfo> loggers;
  for (const auto& [name, description] : known.descriptions) loggers.push_back({name, description});
  return loggers;
}

}  // namespace cio::app
