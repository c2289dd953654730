// transfer_all: the loop behind read_exact, write_all and their *_at forms.
// It repeats one awaitable step until the whole buffer is covered, so a
// short read or write is never the caller's problem.
#pragma once

#include <cstddef>
#include <system_error>

#include <cio/core/task.hpp>
#include <cio/driver/result.hpp>

namespace cio::detail {

// What read_exact and read_exact_at report when the stream or file ends
// before the buffer is full: ENODATA, "No data available".
inline constexpr std::errc kUnexpectedEof = std::errc::no_message_available;

// Awaits `step(rest, done)` (an awaitable giving Result<size_t>; `rest` is
// the uncovered tail, `done` the bytes covered so far) until `buffer` is
// covered. Errors carry `name`: the step's own error, or kUnexpectedEof when
// a step moves 0 bytes. The caller keeps `buffer` alive until this ends.
template <typename Span, typename Step>
Task<Result<void>> transfer_all(Span buffer, Step step, const char* name) {
  size_t done = 0;
  while (done < buffer.size()) {
    Result<size_t> moved = co_await step(buffer.subspan(done), done);
    if (!moved) co_return Result<void>(moved.error(), name);
    if (*moved == 0) co_return Result<void>(std::make_error_code(kUnexpectedEof), name);
    done += *moved;
  }
  co_return Result<void>();
}

}  // namespace cio::detail
