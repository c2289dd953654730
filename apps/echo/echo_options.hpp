// The echo server's settings (the "echo" section of the config) and their
// declaration in the app's schema. Every value is checked while the config
// is read, before anything starts.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <cio/app/config_schema.hpp>
#include <cio/shard/sharded_listener.hpp>

#include "listen_spec.hpp"

namespace cio::echo {

// recv.multishot: a multishot recv into a per-shard provided-buffer ring
// (io_uring), or one plain recv per read into a per-connection buffer.
enum class MultishotMode { automatic, on, off };

struct RecvOptions {
  MultishotMode multishot = MultishotMode::automatic;
  uint32_t buffers = 512;  // per shard, a power of two
  uint32_t buffer_size = 16384;
  uint32_t buffers_per_connection = 8;
};

struct EchoOptions {
  // Each "ADDRESS:PORT [reuseport|distribute]".
  std::vector<std::string> tcp{"127.0.0.1:7000"};
  ListenMode balancing = ListenMode::reuseport;
  // What "distribute" means: round_robin or least_connections.
  shard::Balancing distribute = shard::Balancing::least_connections;
  std::string udp;        // "ADDRESS:PORT", or "" for none
  std::string unix_path;  // a filesystem path, or "" for none
  bool nodelay = true;
  uint32_t max_connections = 0;                                       // per process; 0: no limit
  std::chrono::milliseconds idle_timeout = std::chrono::seconds(60);  // 0: never
  RecvOptions recv;
};

// Declares the "echo.*" keys in `schema`, bound to the fields of `options`
// (which must outlive the schema's use).
void declare_echo_options(app::ConfigSchema& schema, EchoOptions& options);

// The framework's balancing for one TCP listener of `options`.
shard::Balancing balancing_of(const TcpListenSpec& spec, const EchoOptions& options);

}  // namespace cio::echo
