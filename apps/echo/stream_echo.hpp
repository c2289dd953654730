// The echo of one stream connection (TCP or Unix): every byte received is
// sent back once, in order, whatever the chunking, resuming after short
// sends. One read or one batch of chunks is in flight at a time, so a peer
// that does not read stalls our sends and we stop receiving: the kernel's
// socket buffers hold the backlog, never our memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include <cio/core/stop.hpp>
#include <cio/core/task.hpp>
#include <cio/net/recv_buffer_pool.hpp>
#include <cio/net/stream_socket.hpp>

#include "idle_tracker.hpp"

namespace cio::echo {

// What the loops need besides the socket. Stopping `drain` ends the wait
// for more input (shutdown); stopping `stop` also abandons a pending send.
struct EchoContext {
  IdleTracker::Watch& watch;
  StopToken drain;
  StopToken stop;
};

// Plain recv into `buffer` (the connection's own), then send it back.
Task<void> echo_plain(net::StreamSocket& stream, std::span<std::byte> buffer,
                      const EchoContext& context);

// Multishot recv into `pool`; sends straight from the pool's buffers
// (several chunks per send) and returns each buffer after its send.
Task<void> echo_multishot(net::StreamSocket& stream, net::RecvBufferPool& pool,
                          uint32_t buffers_per_connection, const EchoContext& context);

// For a connection ended by shutdown. Closing a socket whose input is not
// all read makes the kernel reset the connection, and the reset can destroy
// echoes the client has not read yet. So where input is waiting, this sends
// FIN first, then reads and drops whatever the client still sends until it
// closes its side, or until `stop` (the shutdown deadline). An idle
// connection has nothing waiting and is left to close at once.
Task<void> linger_if_input_waits(net::StreamSocket& stream, StopToken stop);

}  // namespace cio::echo
