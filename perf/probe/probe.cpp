// cio-perf-probe: what the drivers get from this machine's kernel (the
// io_uring setup flags they settled on and the optional ops), one
// `key: value` per line for perf/run's report.
#include <cstdio>
#include <system_error>
#include <utility>

#include <cio/driver/driver.hpp>

int main() {
  try {
    const cio::Driver driver(cio::DriverConfig{.backend = cio::BackendKind::io_uring});
    std::printf("setup: %s\n", driver.setup().describe().c_str());
    const std::pair<cio::Capability, const char*> capabilities[] = {
        {cio::Capability::multishot_accept, "multishot accept"},
        {cio::Capability::multishot_recv, "multishot recv"},
        {cio::Capability::send_zc, "zero-copy send"},
        {cio::Capability::splice, "splice"},
        {cio::Capability::msg_ring, "msg_ring"},
    };
    for (const auto& [capability, name] : capabilities) {
      std::printf("%s: %s\n", name, driver.supports(capability) ? "yes" : "no");
    }
  } catch (const std::system_error& error) {
    std::printf("setup: io_uring refused (%s); the epoll backend only\n", error.what());
  }
  return 0;
}
