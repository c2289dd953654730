#include "echo_connections.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

namespace cio::demo {
namespace {

// user_data = connection index << 2 | kind; the accept is kind 0.
enum Kind : uint64_t { kAccept = 0, kRecv = 1, kSend = 2 };
constexpr uint64_t encode(uint32_t index, Kind kind) { return uint64_t{index} << 2 | kind; }

}  // namespace

EchoConnections::EchoConnections(Driver& driver, Fd listener, uint32_t max_connections,
                                 uint32_t buffer_size)
    : driver_(driver), listener_(listener), accept_(listener) {
  connections_.reserve(max_connections);
  for (uint32_t i = 0; i < max_connections; ++i) {
    connections_.push_back(std::make_unique<Connection>(buffer_size));
    free_.push_back(max_connections - 1 - i);
  }
}

void EchoConnections::start() { push(accept_, encode(0, kAccept)); }

void EchoConnections::push(OpBase& op, uint64_t user_data) {
  if (!driver_.try_push(op, user_data)) backlog_.push(op, user_data);
}

void EchoConnections::on_entry(const Entry& entry) {
  const auto index = static_cast<uint32_t>(entry.user_data >> 2);
  switch (static_cast<Kind>(entry.user_data & 3)) {
    case kAccept:
      return on_accept(entry.result);
    case kRecv:
      return on_recv(index, entry.result);
    case kSend:
      return on_send(index, entry.result);
  }
}

void EchoConnections::on_accept(int32_t result) {
  push(accept_, encode(0, kAccept));  // keep accepting whatever happened
  if (result < 0) {
    std::fprintf(stderr, "accept: %s\n", std::strerror(-result));
    return;
  }
  if (free_.empty()) {
    close(result);  // over max_connections: refuse, keep serving the rest
    return;
  }
  const uint32_t index = free_.back();
  free_.pop_back();
  const int one = 1;
  setsockopt(result, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  if (auto attached = driver_.attach(result); !attached) {
    std::fprintf(stderr, "attach: %s\n", attached.error().message().c_str());
    close(result);
    free_.push_back(index);
    return;
  }
  connections_[index]->fd = result;
  ++open_;
  receive(index);
}

void EchoConnections::receive(uint32_t index) {
  Connection& conn = *connections_[index];
  conn.recv = Recv(Fd{conn.fd}, conn.buffer.data(), static_cast<uint32_t>(conn.buffer.size()));
  push(conn.recv, encode(index, kRecv));
}

void EchoConnections::on_recv(uint32_t index, int32_t result) {
  if (result <= 0) return drop(index);  // EOF or error
  Connection& conn = *connections_[index];
  conn.pending = static_cast<uint32_t>(result);
  conn.sent = 0;
  send_rest(index);
}

void EchoConnections::send_rest(uint32_t index) {
  Connection& conn = *connections_[index];
  conn.send = Send(Fd{conn.fd}, conn.buffer.data() + conn.sent, conn.pending - conn.sent);
  push(conn.send, encode(index, kSend));
}

void EchoConnections::on_send(uint32_t index, int32_t result) {
  if (result <= 0) return drop(index);
  Connection& conn = *connections_[index];
  conn.sent += static_cast<uint32_t>(result);
  if (conn.sent < conn.pending) return send_rest(index);  // short write
  receive(index);
}

void EchoConnections::drop(uint32_t index) {
  Connection& conn = *connections_[index];
  close(conn.fd);
  conn.fd = -1;
  free_.push_back(index);
  --open_;
}

}  // namespace cio::demo
