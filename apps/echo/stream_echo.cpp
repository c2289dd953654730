#include "stream_echo.hpp"

#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <array>

#include <cio/driver/ops.hpp>
#include <cio/net/multishot_recv.hpp>

namespace cio::echo {
namespace {

// Drops the first `sent` bytes of `pieces`.
std::span<iovec> advance(std::span<iovec> pieces, size_t sent) noexcept {
  while (!pieces.empty() && sent >= pieces[0].iov_len) {
    sent -= pieces[0].iov_len;
    pieces = pieces.subspan(1);
  }
  if (sent > 0) {
    pieces[0].iov_base = static_cast<std::byte*>(pieces[0].iov_base) + sent;
    pieces[0].iov_len -= sent;
  }
  return pieces;
}

// The bytes of one piece.
std::span<const std::byte> bytes_of(const iovec& piece) noexcept {
  return {static_cast<const std::byte*>(piece.iov_base), piece.iov_len};
}

}  // namespace

Task<void> echo_plain(net::StreamSocket& stream, std::span<std::byte> buffer,
                      const EchoContext& context) {
  for (;;) {
    auto got = co_await stream.read(buffer, context.drain);
    if (!got || *got == 0) co_return;
    context.watch.touch();
    for (auto unsent = buffer.first(*got); !unsent.empty();) {
      auto sent = co_await stream.write(unsent, context.stop);
      if (!sent) co_return;
      context.watch.touch();
      unsent = unsent.subspan(*sent);
    }
  }
}

Task<void> echo_multishot(net::StreamSocket& stream, net::RecvBufferPool& pool,
                          uint32_t buffers_per_connection, const EchoContext& context) {
  net::MultishotRecv recv(pool, stream, buffers_per_connection);
  std::array<net::RecvChunk, kMaxIov> chunks;
  std::array<iovec, kMaxIov> pieces;
  for (;;) {
    auto first = co_await recv.next(context.drain);
    if (!first || first->length == 0) break;
    context.watch.touch();
    chunks[0] = *first;
    size_t count = 1;
    while (count < kMaxIov) {
      auto more = recv.try_next();
      if (!more) break;
      chunks[count++] = *more;
    }
    for (size_t i = 0; i < count; ++i) {
      const auto bytes = pool.bytes(chunks[i]);
      pieces[i] = iovec{bytes.data(), bytes.size()};
    }
    // The send loop lives here, not in a Task of its own: most echoes leave
    // in one send, and a nested coroutine per request costs a frame.
    bool failed = false;
    for (std::span unsent(pieces.data(), count); !unsent.empty();) {
      Result<size_t> sent = size_t{0};
      if (unsent.size() == 1) {
        sent = co_await stream.write(bytes_of(unsent[0]), context.stop);
      } else {
        sent = co_await stream.writev(unsent, context.stop);
      }
      failed = !sent;
      if (failed) break;
      context.watch.touch();
      unsent = advance(unsent, *sent);
    }
    for (size_t i = 0; i < count; ++i) recv.release(chunks[i]);
    if (failed) break;
  }
  co_await recv.stop();
}

Task<void> linger_if_input_waits(net::StreamSocket& stream, StopToken stop) {
  int waiting = 0;
  if (::ioctl(stream.native_handle(), FIONREAD, &waiting) != 0 || waiting == 0) co_return;
  auto finished = co_await stream.shutdown(SHUT_WR);
  if (!finished) co_return;
  std::array<std::byte, 4096> dropped;
  for (;;) {
    auto got = co_await stream.read(dropped, stop);
    if (!got || *got == 0) co_return;
  }
}

}  // namespace cio::echo
