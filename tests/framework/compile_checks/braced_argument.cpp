// Must not compile with GCC 12 (a braced temporary with a destructor inside
// a co_await expression is destroyed twice there) and must compile elsewhere.
#include <string>

#include <cio/shard/submit_to.hpp>

struct Request {
  std::string key;
};

cio::Task<size_t> size_on_shard_one(std::string key) {
  co_return co_await cio::submit_to(
      1, [](const Request& request) { return request.key.size(); }, Request{key});
}
