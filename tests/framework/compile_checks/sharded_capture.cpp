// Must not compile with GCC 12 (the framework's guard rejects a capturing
// lambda written inside the co_await) and must compile elsewhere.
#include <string>

#include <cio/shard/sharded.hpp>

struct Store {
  size_t size_of(const std::string& key) const { return key.size(); }
};

cio::Task<size_t> size_on_shard_one(cio::Sharded<Store>& stores, std::string key) {
  co_return co_await stores.invoke_on(1, [key](Store& store) { return store.size_of(key); });
}
