#include "stream_echo.hpp"

#include <sys/uio.h>

#include <array>

#include <cio/net/multishot_recv.hpp>
#include <cio/ops.hpp>

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

// Sends every byte of `pieces` (which it consumes): a write for one piece,
// a writev for several, resuming short sends where they stopped.
Task<Result<void>> send_all(net::StreamSocket& stream, std::span<iovec> pieces,
                            const EchoContext& context) {
  while (!pieces.empty()) {
    Result<size_t> sent = size_t{0};
    if (pieces.size() == 1) {
      const std::span one(static_cast<const std::byte*>(pieces[0].iov_base), pieces[0].iov_len);
      sent = co_await stream.write(one, context.stop);
    } else {
      sent = co_await stream.writev(pieces, context.stop);
    }
    if (!sent) co_return Result<void>(sent.error(), sent.operation());
    context.watch.touch();
    pieces = advance(pieces, *sent);
  }
  co_return Result<void>();
}

}  // namespace

Task<void> echo_plain(net::StreamSocket& stream, std::span<std::byte> buffer,
                      const EchoContext& context) {
  for (;;) {
    auto got = co_await stream.read(buffer, context.drain);
    if (!got || *got == 0) co_return;
    context.watch.touch();
    iovec piece{buffer.data(), *got};
    auto sent = co_await send_all(stream, std::span(&piece, 1), context);
    if (!sent) co_return;
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
    auto sent = co_await send_all(stream, std::span(pieces.data(), count), context);
    for (size_t i = 0; i < count; ++i) recv.release(chunks[i]);
    if (!sent) break;
  }
  co_await recv.stop();
}

}  // namespace cio::echo
