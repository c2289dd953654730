// File reads and writes: the single ops and the loops over them.
#include <cio/fs/file.hpp>
#include "transfer_all.hpp"

namespace cio::fs {
namespace {

// read_to_end_at's first read covers the file's size plus this, so the
// usual case ends with one more read that returns 0.
constexpr size_t kSlack = 4096;

}  // namespace

File::ReadOp File::read_at(std::span<std::byte> buffer, uint64_t offset) {
  const uint32_t length = cio::detail::io_length(buffer.size());
  return ReadOp(checked("read_at", buffer.data(), length, offset), fd_.fd(), buffer.data(), length,
                offset);
}

File::WriteOp File::write_at(std::span<const std::byte> data, uint64_t offset) {
  const uint32_t length = cio::detail::io_length(data.size());
  return WriteOp(checked("write_at", data.data(), length, offset), fd_.fd(), data.data(), length,
                 offset);
}

File::FixedReadOp File::read_fixed_at(std::span<std::byte> buffer, uint64_t offset,
                                      uint16_t index) {
  const uint32_t length = cio::detail::io_length(buffer.size());
  return FixedReadOp(checked("read_fixed_at", buffer.data(), length, offset), fd_.fd(),
                     buffer.data(), length, offset, index);
}

File::FixedWriteOp File::write_fixed_at(std::span<const std::byte> data, uint64_t offset,
                                        uint16_t index) {
  const uint32_t length = cio::detail::io_length(data.size());
  return FixedWriteOp(checked("write_fixed_at", data.data(), length, offset), fd_.fd(), data.data(),
                      length, offset, index);
}

Task<Result<void>> File::read_exact_at(std::span<std::byte> buffer, uint64_t offset) {
  auto step = [this, offset](std::span<std::byte> rest, size_t done) {
    return read_at(rest, offset + done);
  };
  return cio::detail::transfer_all(buffer, step, "read_exact_at");
}

Task<Result<void>> File::write_all_at(std::span<const std::byte> data, uint64_t offset) {
  auto step = [this, offset](std::span<const std::byte> rest, size_t done) {
    return write_at(rest, offset + done);
  };
  return cio::detail::transfer_all(data, step, "write_all_at");
}

Task<Result<size_t>> File::read_to_end_at(uint64_t offset, std::vector<std::byte>& out) {
  auto size = this->size();
  if (!size) co_return Result<size_t>(size.error(), "read_to_end_at");
  const size_t start = out.size();
  const uint64_t expected = *size > offset ? *size - offset : 0;
  size_t filled = start;
  out.resize(start + expected + kSlack);
  for (;;) {
    if (filled == out.size()) out.resize(out.size() * 2);  // the file grew meanwhile
    auto got = co_await read_at(std::span(out).subspan(filled), offset + (filled - start));
    if (!got) {
      out.resize(filled);
      co_return Result<size_t>(got.error(), "read_to_end_at");
    }
    if (*got == 0) break;
    filled += *got;
  }
  out.resize(filled);
  co_return filled - start;
}

Task<Result<std::vector<std::byte>>> File::read_to_end_at(uint64_t offset) {
  std::vector<std::byte> data;
  auto got = co_await read_to_end_at(offset, data);
  if (!got) co_return cio::detail::error_of<std::vector<std::byte>>(got);
  co_return data;
}

}  // namespace cio::fs
