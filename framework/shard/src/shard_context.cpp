#include "shard_context.hpp"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <exception>

#include <cio/detail/runtime_log.hpp>

namespace cio::shard::detail {
namespace {

thread_local ShardContext* current_context = nullptr;

// Messages run per sender per turn, so one chatty sender cannot stall the
// shard's own tasks and IO.
constexpr size_t kDrainBatch = 256;

void run_message(Message& message) noexcept {
  try {
    message();
  } catch (const std::exception& error) {
    cio::detail::runtime_logger()->error("cross-shard message failed: {}", error.what());
  } catch (...) {
    cio::detail::runtime_logger()->error("cross-shard message failed (non-standard exception)");
  }
}

}  // namespace

// What this shard knows about one other shard, as a sender.
struct ShardContext::Peer {
  struct WakeDone : Completion {
    WakeDone() noexcept : Completion{&handle} {}
    Peer* peer = nullptr;
    // A failed MsgRing (e.g. the receiver's ring is going away) falls back
    // to the receiver's thread-safe eventfd wake.
    static void handle(Completion& self, const Entry& entry) noexcept {
      Peer& peer = *static_cast<WakeDone&>(self).peer;
      peer.wake_in_flight = false;
      if (entry.result < 0) peer.receiver->driver->wake();
    }
  };

  MessageRing* out = nullptr;  // this shard -> peer
  Receiver* receiver = nullptr;
  Outgoing* held_head = nullptr;  // sends waiting for ring space, oldest first
  Outgoing* held_tail = nullptr;
  std::optional<MsgRing> wake_op;  // io_uring on both ends only
  WakeDone wake_done;
  bool wake_in_flight = false;
};

ShardContext::ShardContext(Mesh& mesh, unsigned id, Runtime& runtime)
    : mesh_(mesh),
      id_(id),
      runtime_(runtime),
      self_(mesh.receiver(id)),
      peers_(std::make_unique<Peer[]>(mesh.size())) {
  const bool can_msg_ring = runtime.driver().supports(Capability::msg_ring);
  for (unsigned dest = 0; dest < mesh.size(); ++dest) {
    if (dest == id) continue;
    Peer& peer = peers_[dest];
    peer.out = &mesh.ring(id, dest);
    peer.receiver = &mesh.receiver(dest);
    peer.wake_done.peer = &peer;
    if (can_msg_ring && peer.receiver->driver->backend() == BackendKind::io_uring) {
      peer.wake_op.emplace(*peer.receiver->driver, 0, 0);
    }
  }
  current_context = this;
}

ShardContext::~ShardContext() { current_context = nullptr; }

ShardContext* ShardContext::current() noexcept { return current_context; }

bool ShardContext::try_send_now(unsigned dest, Message& message) noexcept {
  Peer& peer = peers_[dest];
  if (peer.held_head != nullptr || !peer.out->try_push(std::move(message))) return false;
  ++stats_.messages_sent;
  return true;
}

void ShardContext::send(unsigned dest, Outgoing& out) noexcept {
  if (try_send_now(dest, out.message)) return;
  hold_back(dest, out);
}

void ShardContext::hold_back(unsigned dest, Outgoing& out) noexcept {
  Peer& peer = peers_[dest];
  ++stats_.ring_full_waits;
  out.next = nullptr;
  if (peer.held_head == nullptr) {
    peer.held_head = &out;
    ++held_back_;
  } else {
    peer.held_tail->next = &out;
  }
  peer.held_tail = &out;
}

void ShardContext::on_turn() noexcept {
  run_inbound();
  for (unsigned dest = 0; dest < mesh_.size(); ++dest) {
    if (dest == id_) continue;
    Peer& peer = peers_[dest];
    if (peer.held_head != nullptr) push_held_back(peer);
    if (peer.out->unpublished() > 0) publish(peer);
  }
}

void ShardContext::run_inbound() noexcept {
  for (unsigned from = 0; from < mesh_.size(); ++from) {
    if (from == id_) continue;
    stats_.messages_received += self_.inbound[from]->drain(run_message, kDrainBatch);
  }
}

void ShardContext::push_held_back(Peer& peer) noexcept {
  while (Outgoing* out = peer.held_head) {
    if (!peer.out->try_push(std::move(out->message))) return;
    ++stats_.messages_sent;
    peer.held_head = out->next;
    if (out->owned_by_mesh) delete out;
  }
  peer.held_tail = nullptr;
  --held_back_;
}

// Publish, then look at the receiver's sleeping flag: with the fence here
// and the one in before_sleep, either the receiver sees the messages before
// it blocks or this shard sees it asleep and wakes it (no lost wake-up).
void ShardContext::publish(Peer& peer) noexcept {
  peer.out->publish();
  std::atomic_thread_fence(std::memory_order_seq_cst);
  if (peer.receiver->sleeping.load(std::memory_order_relaxed) &&
      peer.receiver->sleeping.exchange(false, std::memory_order_acq_rel)) {
    wake(peer);
  }
}

// A MsgRing op posts an entry straight into the receiver's completion queue;
// while one is still in flight (or on epoll) the eventfd wake does it.
void ShardContext::wake(Peer& peer) noexcept {
  ++stats_.wakes_sent;
  if (peer.wake_op && !peer.wake_in_flight) {
    peer.wake_in_flight = true;
    runtime_.start_op(*peer.wake_op, peer.wake_done);
    return;
  }
  peer.receiver->driver->wake();
}

bool ShardContext::inbound_empty() const noexcept {
  for (unsigned from = 0; from < mesh_.size(); ++from) {
    if (from != id_ && !self_.inbound[from]->empty_for_consumer()) return false;
  }
  return true;
}

// Held-back sends need this shard awake to retry; otherwise announce the
// sleep and re-check the rings (see publish()).
bool ShardContext::before_sleep() noexcept {
  if (held_back_ > 0) return false;
  self_.sleeping.store(true, std::memory_order_relaxed);
  std::atomic_thread_fence(std::memory_order_seq_cst);
  if (inbound_empty()) return true;
  self_.sleeping.store(false, std::memory_order_relaxed);
  return false;
}

void ShardContext::after_sleep() noexcept {
  self_.sleeping.store(false, std::memory_order_relaxed);
}

void send(unsigned dest, Outgoing& out) noexcept {
  ShardContext* context = ShardContext::current();
  if (context == nullptr) {
    std::fputs("cio: cross-shard send outside a launch of shards\n", stderr);
    std::abort();
  }
  context->send(dest, out);
}

void post(unsigned dest, Message message) {
  ShardContext* context = ShardContext::current();
  if (context == nullptr || context->try_send_now(dest, message)) return;
  context->hold_back(dest, *new Outgoing{std::move(message), nullptr, true});
}

}  // namespace cio::shard::detail

namespace cio {

unsigned this_shard() noexcept {
  auto* context = shard::detail::ShardContext::current();
  return context != nullptr ? context->id() : 0;
}

unsigned shard_count() noexcept {
  auto* context = shard::detail::ShardContext::current();
  return context != nullptr ? context->shard_count() : 1;
}

}  // namespace cio
