// Must not compile with GCC 12 (the framework's guard rejects a capturing
// lambda written inside the co_await) and must compile elsewhere.
#include <chrono>
#include <string>

#include <cio/time/timeout.hpp>

cio::Task<size_t> measure(std::string text, cio::StopToken) { co_return text.size(); }

cio::Task<void> measure_in_time(std::string text) {
  auto size = co_await cio::time::timeout(
      std::chrono::seconds(1), [text](cio::StopToken stop) { return measure(text, stop); });
  static_cast<void>(size);
}
