#include "echo_options.hpp"

#include <utility>

#include <cio/app/config_value.hpp>
#include <cio/net/socket_address.hpp>

namespace cio::echo {
namespace {

using namespace std::chrono_literals;

constexpr const char* kGroup = "Echo server options";
constexpr uint32_t kMaxRingBuffers = 32768;  // BufferRing's limit
constexpr std::string_view kRingBuffersAllowed = "a power of two, 1..32768";

Parsed<> check_tcp(const std::vector<std::string>& entries) {
  for (const auto& entry : entries) {
    auto spec = parse_tcp_listen(entry);
    if (!spec) return ParseError{spec.error()};
  }
  return {};
}

// The provided-buffer ring's rule.
Parsed<> check_power_of_two(const uint32_t& count) {
  if ((count & (count - 1)) == 0) return {};
  return ParseError{std::to_string(count) + " is not a power of two (allowed " +
                    std::string(kRingBuffersAllowed) + ")"};
}

Parsed<> check_udp(std::string_view text) {
  if (text.empty()) return {};
  auto address = parse_ip_address(text);
  if (!address) return ParseError{address.error()};
  return {};
}

Parsed<> check_unix_path(std::string_view text) {
  if (text.empty()) return {};
  auto address = net::SocketAddress::unix_path(text);
  if (!address) return ParseError{"'" + std::string(text) + "' is too long for a socket path"};
  return {};
}

void declare_recv(app::ConfigSchema& schema, RecvOptions& recv) {
  auto section = schema.section("echo.recv", kGroup);
  section.add_enum("multishot", recv.multishot,
                   app::Choices<MultishotMode>{{"auto", MultishotMode::automatic},
                                               {"on", MultishotMode::on},
                                               {"off", MultishotMode::off}},
                   "Multishot recv with provided buffers (auto: where the backend has it)");
  section
      .add_integer("buffers", recv.buffers, 1, kMaxRingBuffers,
                   "Provided buffers per shard for multishot recv",
                   {check_power_of_two, "a power of two"})
      .add_integer("buffer_size", recv.buffer_size, 64, uint32_t{4} << 20,
                   "Bytes per receive buffer (ring buffer, or per-connection buffer)")
      .add_integer("buffers_per_connection", recv.buffers_per_connection, 1, kMaxRingBuffers,
                   "Ring buffers one connection may hold before it stops reading");
  // One connection could otherwise hold the whole ring and still want more.
  schema.add_rule({"echo.recv.buffers_per_connection", "echo.recv.buffers"}, [&recv]() -> Parsed<> {
    if (recv.multishot == MultishotMode::off || recv.buffers_per_connection <= recv.buffers) {
      return {};
    }
    return ParseError{std::to_string(recv.buffers_per_connection) +
                      " is more than echo.recv.buffers (" + std::to_string(recv.buffers) + ")"};
  });
}

Parsed<> check_some_listener(const EchoOptions& options) {
  if (!options.tcp.empty() || !options.udp.empty() || !options.unix_path.empty()) return {};
  return ParseError{"no listener configured: set echo.tcp, echo.udp or echo.unix"};
}

}  // namespace

void declare_echo_options(app::ConfigSchema& schema, EchoOptions& options) {
  schema.section("echo", kGroup)
      .add_list("tcp", options.tcp, "TCP listeners",
                {check_tcp, "any number of '" + std::string(kTcpListenSyntax) + "'"})
      .add_enum("balancing", options.balancing,
                app::Choices<ListenMode>{{"reuseport", ListenMode::reuseport},
                                         {"distribute", ListenMode::distribute}},
                "Balancing of TCP listeners that name none")
      .add_enum("distribute", options.distribute,
                app::Choices<shard::Balancing>{
                    {"round_robin", shard::Balancing::round_robin},
                    {"least_connections", shard::Balancing::least_connections}},
                "How 'distribute' picks a shard")
      .add_string("udp", options.udp, "UDP echo address",
                  {check_udp, "ADDRESS:PORT, or '' for none"})
      .add_string("unix", options.unix_path, "Unix socket path",
                  {check_unix_path, "a path, or '' for none"})
      .add_bool("nodelay", options.nodelay, "TCP_NODELAY on accepted connections")
      .add_integer("max_connections", options.max_connections, 0, 10'000'000,
                   "Open connections per process (0: no limit)")
      .add_duration("idle_timeout", options.idle_timeout, 0ms, std::chrono::milliseconds(24h),
                    "Close connections silent this long (0s: never)");
  declare_recv(schema, options.recv);
  schema.add_rule({"echo.tcp", "echo.udp", "echo.unix"},
                  [&options] { return check_some_listener(options); });
}

shard::Balancing balancing_of(const TcpListenSpec& spec, const EchoOptions& options) {
  if (spec.mode.value_or(options.balancing) == ListenMode::reuseport) {
    return shard::Balancing::reuseport;
  }
  return options.distribute;
}

}  // namespace cio::echo
