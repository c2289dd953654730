// A sharded key-value service speaking a line protocol, in about a hundred
// lines: the walk-through in docs/guide.md builds it step by step.
//
//   SET key value  ->  OK          GET key  ->  VALUE value | NOT_FOUND
//   DEL key        ->  DELETED | NOT_FOUND     anything else  ->  ERROR ...
//
// Each key lives on shard hash(key) % shards; a connection (on whichever
// shard accepted it) forwards each command to the key's owner. Settings come
// from the `kv` section of a YAML file and from flags (--kv.tcp ...).
//
//   kv_service --kv.tcp 127.0.0.1:7002      then: printf 'SET a 1\nGET a\n' | nc -q1 127.0.0.1 7002
#include <array>
#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include <spdlog/spdlog.h>  // the logger's methods (cio::app links spdlog for you)

#include <cio/app/app.hpp>
#include <cio/app/logging.hpp>
#include <cio/core/async_scope.hpp>
#include <cio/core/stopped.hpp>
#include <cio/shard/sharded.hpp>
#include <cio/shard/sharded_listener.hpp>

namespace {

using namespace std::chrono_literals;

struct KvOptions {
  std::string tcp = "127.0.0.1:7002";
  uint32_t max_line = 4096;  // longer requests close the connection
};

// One shard's part of the data. Only its own shard touches it: no locks.
class Store {
 public:
  std::string set(const std::string& key, const std::string& value) {
    map_[key] = value;
    return "OK";
  }
  std::string get(const std::string& key) const {
    auto found = map_.find(key);
    return found == map_.end() ? "NOT_FOUND" : "VALUE " + found->second;
  }
  std::string del(const std::string& key) { return map_.erase(key) ? "DELETED" : "NOT_FOUND"; }
  cio::Task<void> stop() { co_return; }

 private:
  std::unordered_map<std::string, std::string> map_;
};

const cio::app::Logger& log() {
  static const cio::app::Logger logger("kv");  // looked up once, then free to use
  return logger;
}

// Runs one command on the shard that owns its key; returns the reply.
cio::Task<std::string> execute(cio::Sharded<Store>& store, std::string_view line) {
  const auto verb_end = line.find(' ');
  const std::string_view verb = line.substr(0, verb_end);
  const std::string_view rest = verb_end == line.npos ? "" : line.substr(verb_end + 1);
  const auto key_end = rest.find(' ');
  const std::string key(rest.substr(0, key_end));
  const std::string value(key_end == rest.npos ? "" : rest.substr(key_end + 1));
  if (key.empty()) co_return "ERROR expected: SET key value | GET key | DEL key";
  const unsigned owner = std::hash<std::string>{}(key) % cio::shard_count();
  if (verb == "SET" && !value.empty())
    co_return co_await store.invoke_on(owner, &Store::set, key, value);
  if (verb == "GET" && value.empty()) co_return co_await store.invoke_on(owner, &Store::get, key);
  if (verb == "DEL" && value.empty()) co_return co_await store.invoke_on(owner, &Store::del, key);
  co_return "ERROR expected: SET key value | GET key | DEL key";
}

// Serves one connection until the client leaves or stopping begins.
cio::Task<void> serve(cio::Sharded<Store>& store, const KvOptions& options,
                      cio::net::TcpStream connection, cio::shard::ConnectionStop stop) {
  std::string pending;
  std::array<std::byte, 4096> buffer{};
  for (;;) {
    auto got = co_await connection.read(buffer, stop.drain);
    if (!got || *got == 0) co_return;
    pending.append(reinterpret_cast<const char*>(buffer.data()), *got);
    for (size_t end; (end = pending.find('\n')) != std::string::npos; pending.erase(0, end + 1)) {
      std::string_view line(pending.data(), end);
      if (line.ends_with('\r')) line.remove_suffix(1);
      std::string reply = co_await execute(store, line) + "\n";
      auto sent = co_await connection.write_all(std::as_bytes(std::span(reply)), stop.cancel);
      if (!sent) co_return;
    }
    if (pending.size() > options.max_line) {
      log()->warn("closing a connection: a request longer than {} bytes", options.max_line);
      co_return;
    }
  }
}

cio::Task<void> run(const KvOptions& options, cio::app::AppContext& context) {
  auto address = cio::net::SocketAddress::parse(options.tcp);  // checked by the config rule
  co_await cio::with_scope([&](cio::AsyncScope& scope) -> cio::Task<void> {
    auto& store = scope.emplace<cio::Sharded<Store>>();
    co_await store.start();
    auto handler = [&store, &options](cio::net::TcpStream connection,
                                      cio::shard::ConnectionStop stop) {
      return serve(store, options, std::move(connection), std::move(stop));
    };
    auto started = co_await cio::shard::ShardedTcpListener::start(*address, {}, handler);
    // value() throws if the start failed (a port in use): the scope stops the
    // store, and the app logs the error and exits 1.
    auto& listener = scope.adopt(std::move(started).value(), [&context](auto& l) {
      return l.stop(context.shutdown_timeout);  // drain, then cancel what is left
    });
    log()->info("listening on {} ({} shards)", listener.address().to_string(), cio::shard_count());
    co_await cio::stopped(context.stop);
  });
}

}  // namespace

int main(int argc, char** argv) {
  cio::app::App app("kv_service", "A sharded key-value service with a line protocol");
  cio::app::declare_logger("kv", "the key-value service: listener and connection errors");
  KvOptions options;
  app.schema()
      .section("kv", "Key-value service")
      .add_string("tcp", options.tcp, "Listen address, ADDRESS:PORT",
                  {.test = [](const std::string& text) -> cio::Parsed<> {
                     if (cio::net::SocketAddress::parse(text)) return {};
                     return cio::ParseError{"'" + text + "' is not ADDRESS:PORT (numeric)"};
                   },
                   .allowed = "ADDRESS:PORT"})
      .add_integer("max_line", options.max_line, 16, 1 << 20, "Longest request line, bytes");
  return app.run(argc, argv,
                 [&options](cio::app::AppContext& context) { return run(options, context); });
}
