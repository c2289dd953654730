#include "echo_options.hpp"

#include <charconv>
#include <utility>
#include <variant>

#include <cio/app/config_value.hpp>
#include <cio/net/socket_address.hpp>

namespace cio::echo {
namespace {

using namespace std::chrono_literals;

constexpr const char* kGroup = "Echo server options";
constexpr uint32_t kMaxRingBuffers = 32768;  // BufferRing's limit

// echo.tcp: a list whose every entry must parse (ConfigSection::add_list
// takes any text, so the option is built here with its own check).
app::ConfigOption tcp_option(std::vector<std::string>& target) {
  app::ConfigOption option;
  option.key = "echo.tcp";
  option.group = kGroup;
  option.help = "TCP listeners";
  option.type_name = "TEXT";
  option.allowed = "any number of '" + std::string(kTcpListenSyntax) + "'";
  option.default_value = app::TextList(target);
  option.assign = [&target](const app::TextValue& value) -> app::Parsed<> {
    const auto& entries = std::get<app::TextList>(value);
    for (const auto& entry : entries) {
      auto spec = parse_tcp_listen(entry);
      if (!spec) return app::ParseError{spec.error()};
    }
    target = entries;
    return {};
  };
  option.render = [&target] { return app::TextValue(app::TextList(target)); };
  return option;
}

// echo.recv.buffers: a power of two (the provided-buffer ring's rule).
app::ConfigOption ring_buffers_option(uint32_t& target) {
  app::ConfigOption option;
  option.key = "echo.recv.buffers";
  option.group = kGroup;
  option.help = "Provided buffers per shard for multishot recv";
  option.type_name = "INT";
  option.allowed = "a power of two, 1..32768";
  option.default_value = std::to_string(target);
  option.assign = [&target,
                   allowed = option.allowed](const app::TextValue& value) -> app::Parsed<> {
    const auto& text = std::get<std::string>(value);
    uint32_t count = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), count);
    const bool power_of_two = count != 0 && (count & (count - 1)) == 0;
    if (error != std::errc() || end != text.data() + text.size() || !power_of_two ||
        count > kMaxRingBuffers) {
      return app::ParseError{"'" + text + "' is not allowed (allowed " + allowed + ")"};
    }
    target = count;
    return {};
  };
  option.render = [&target] { return app::TextValue(std::to_string(target)); };
  return option;
}

app::Parsed<> check_udp(std::string_view text) {
  if (text.empty()) return {};
  auto address = parse_ip_address(text);
  if (!address) return app::ParseError{address.error()};
  return {};
}

app::Parsed<> check_unix_path(std::string_view text) {
  if (text.empty()) return {};
  auto address = net::SocketAddress::unix_path(text);
  if (!address) return app::ParseError{"'" + std::string(text) + "' is too long for a socket path"};
  return {};
}

void declare_recv(app::ConfigSchema& schema, RecvOptions& recv) {
  auto section = schema.section("echo.recv", kGroup);
  section.add_enum("multishot", recv.multishot,
                   app::Choices<MultishotMode>{{"auto", MultishotMode::automatic},
                                               {"on", MultishotMode::on},
                                               {"off", MultishotMode::off}},
                   "Multishot recv with provided buffers (auto: where the backend has it)");
  schema.add(ring_buffers_option(recv.buffers));
  section
      .add_integer("buffer_size", recv.buffer_size, uint32_t{64}, uint32_t{4} << 20,
                   "Bytes per receive buffer (ring buffer, or per-connection buffer)")
      .add_integer("buffers_per_connection", recv.buffers_per_connection, uint32_t{1},
                   kMaxRingBuffers, "Ring buffers one connection may hold before it stops reading");
}

}  // namespace

void declare_echo_options(app::ConfigSchema& schema, EchoOptions& options) {
  schema.add(tcp_option(options.tcp));
  schema.section("echo", kGroup)
      .add_enum("balancing", options.balancing,
                app::Choices<ListenMode>{{"reuseport", ListenMode::reuseport},
                                         {"distribute", ListenMode::distribute}},
                "Balancing of TCP listeners that name none")
      .add_enum("distribute", options.distribute,
                app::Choices<shard::Balancing>{
                    {"round_robin", shard::Balancing::round_robin},
                    {"least_connections", shard::Balancing::least_connections}},
                "How 'distribute' picks a shard")
      .add_string("udp", options.udp, "UDP echo address", check_udp, "ADDRESS:PORT, or '' for none")
      .add_string("unix", options.unix_path, "Unix socket path", check_unix_path,
                  "a path, or '' for none")
      .add_bool("nodelay", options.nodelay, "TCP_NODELAY on accepted connections")
      .add_integer("max_connections", options.max_connections, uint32_t{0}, uint32_t{10'000'000},
                   "Open connections per process (0: no limit)")
      .add_duration("idle_timeout", options.idle_timeout, 0ms, std::chrono::milliseconds(24h),
                    "Close connections silent this long (0s: never)");
  declare_recv(schema, options.recv);
}

shard::Balancing balancing_of(const TcpListenSpec& spec, const EchoOptions& options) {
  if (spec.mode.value_or(options.balancing) == ListenMode::reuseport) {
    return shard::Balancing::reuseport;
  }
  return options.distribute;
}

}  // namespace cio::echo
