// Must not compile with GCC 12 (the framework's guard rejects it, because
// GCC 12 would destroy the lambda twice) and must compile elsewhere.
#include <string>

#include <cio/shard/submit_to.hpp>

cio::Task<size_t> size_on_shard_one(std::string key) {
  co_return co_await cio::submit_to(1, [key] { return key.size(); });
}
