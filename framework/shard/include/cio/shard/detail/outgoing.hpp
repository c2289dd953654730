// The send side of the message mesh, used by submit_to and friends.
#pragma once

#include <cio/shard/message.hpp>

namespace cio::shard::detail {

// A message on its way to another shard. It lives in the sender's memory
// (usually a coroutine frame) until it is in the ring, so a full ring holds
// back the sender instead of growing a queue.
struct Outgoing {
  Message message;
  Outgoing* next = nullptr;
  bool owned_by_mesh = false;  // a post()'s node: freed once in the ring
};

// Sends `out.message` from the calling shard to `dest` (!= this shard): into
// the ring now when it has room and nothing older waits, else at a later
// loop turn, in order. `out` must stay alive and untouched until then; the
// receiver's reply (if any) proves it was sent. Aborts outside a launch.
void send(unsigned dest, Outgoing& out) noexcept;

// Fire and forget: like send, but the message needs no home; a full ring
// costs one heap node until there is room. Outside a launch (or after it
// ended) the message is destroyed without running.
void post(unsigned dest, Message message);

}  // namespace cio::shard::detail
