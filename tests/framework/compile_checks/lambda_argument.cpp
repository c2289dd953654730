// Must not compile with GCC 12 (a capturing lambda passed as an argument
// inside a co_await expression is destroyed twice there) and must compile
// elsewhere.
#include <string>

#include <cio/shard/submit_to.hpp>

cio::Task<size_t> size_on_shard_one(std::string key) {
  co_return co_await cio::submit_to(
      1, [](auto measure) { return measure(); }, [key] { return key.size(); });
}
