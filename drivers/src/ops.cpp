#include <cio/driver/ops.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace cio {

const char* op_name(OpCode code) noexcept {
#define CIO_OP_NAME(code, Type, reach) #code,
  static constexpr const char* kNames[] = {CIO_DRIVER_OPS(CIO_OP_NAME)};
#undef CIO_OP_NAME
  const auto index = static_cast<size_t>(code);
  return index < std::size(kNames) ? kNames[index] : "unknown";
}

namespace detail {
void op_misuse(const char* what, const void* op) noexcept {
  std::fprintf(stderr, "cio: op %p %s while in flight (the kernel still owns it)\n", op, what);
  std::abort();
}
}  // namespace detail

template <OpCode Code>
MessageOp<Code>::MessageOp(FdRef target, std::span<const iovec> vecs, int msg_flags) noexcept
    : OpBase(Code), fd(target), flags(msg_flags) {
  const size_t count = vecs.size() < kMaxIov ? vecs.size() : kMaxIov;
  for (size_t i = 0; i < count; ++i) iov[i] = vecs[i];
  link_fields();
  msg.msg_iovlen = count;
}

template <OpCode Code>
MessageOp<Code>::MessageOp(const MessageOp& other) noexcept
    : OpBase(other), fd(other.fd), flags(other.flags), msg(other.msg), addr(other.addr) {
  std::memcpy(iov, other.iov, sizeof(iov));
  link_fields();
}

template <OpCode Code>
void MessageOp<Code>::link_fields() noexcept {
  msg.msg_iov = iov;
  msg.msg_name = &addr;
  if constexpr (Code == OpCode::recv_msg) {
    msg.msg_namelen = sizeof(addr);
  } else if (msg.msg_namelen == 0) {
    msg.msg_name = nullptr;  // a connected socket: no destination
  }
}

template <OpCode Code>
void MessageOp<Code>::set_peer(const sockaddr* peer, socklen_t length) noexcept {
  const socklen_t clamped = length < sizeof(addr) ? length : socklen_t{sizeof(addr)};
  std::memcpy(&addr, peer, clamped);
  msg.msg_name = &addr;
  msg.msg_namelen = clamped;
}

template struct MessageOp<OpCode::recv_msg>;
template struct MessageOp<OpCode::send_msg>;

Connect::Connect(FdRef socket, const sockaddr* peer, socklen_t length) noexcept
    : OpBase(OpCode::connect), fd(socket), addrlen(length < sizeof(addr) ? length : sizeof(addr)) {
  std::memcpy(&addr, peer, addrlen);
}

Timeout::Timeout(std::chrono::nanoseconds duration) noexcept : OpBase(OpCode::timeout) {
  const auto count = duration.count() < 0 ? 0 : duration.count();
  ts.tv_sec = count / 1'000'000'000;
  ts.tv_nsec = count % 1'000'000'000;
}

}  // namespace cio
