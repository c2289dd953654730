// A fixed pool of echo connections driven by one cio::Driver. Each
// connection owns its buffer and its two ops (Recv, then Send of what came
// in), so the loop allocates nothing after start-up.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <cio/driver/driver.hpp>
#include <cio/driver/ops.hpp>

namespace cio::demo {

class EchoConnections {
 public:
  EchoConnections(Driver& driver, Fd listener, uint32_t max_connections, uint32_t buffer_size);

  // Queues the first accept. Call once before the loop.
  void start();
  // Handles one completion entry.
  void on_entry(const Entry& entry);
  // Ops waiting for SQ space; push_queue them before each submit.
  OpQueue& backlog() noexcept { return backlog_; }
  uint32_t open() const noexcept { return open_; }

 private:
  struct Connection {
    explicit Connection(uint32_t buffer_size) : buffer(buffer_size) {}
    int fd = -1;
    std::vector<char> buffer;
    uint32_t pending = 0;  // bytes received and not yet echoed
    uint32_t sent = 0;
    Recv recv{Fd{}, nullptr, 0};
    Send send{Fd{}, nullptr, 0};
  };

  void push(OpBase& op, uint64_t user_data);
  void on_accept(int32_t result);
  void receive(uint32_t index);
  void on_recv(uint32_t index, int32_t result);
  void send_rest(uint32_t index);
  void on_send(uint32_t index, int32_t result);
  void drop(uint32_t index);

  Driver& driver_;
  Fd listener_;
  Accept accept_;
  OpQueue backlog_;
  std::vector<std::unique_ptr<Connection>> connections_;
  std::vector<uint32_t> free_;
  uint32_t open_ = 0;
};

}  // namespace cio::demo
