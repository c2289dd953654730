// uring-echo-baseline: a single-threaded TCP echo server written straight on
// liburing, the yardstick bench-echo holds cio-echo against ("what does the
// framework cost over hand-written io_uring?"). It does what a tuned
// io_uring echo does and nothing more:
//   - one multishot accept on the listener;
//   - one multishot recv per connection into a provided-buffer ring, so a
//     receive costs no submission;
//   - the echo is sent straight from the ring buffer, which goes back to the
//     ring only once every byte of it is sent (no copy);
//   - SINGLE_ISSUER + DEFER_TASKRUN, and one io_uring_enter per batch of
//     completions: it submits everything the batch queued and waits for more.
//
//   uring-echo-baseline [PORT [BUFFERS [BUFFER_SIZE]]]
//
// Binds 127.0.0.1:PORT (default 0: any free port), prints
// `listening on 127.0.0.1:<port> (tcp, shard 0)`, and exits 0 on SIGINT or
// SIGTERM. BUFFERS (a power of two, default 1024) of BUFFER_SIZE bytes
// (default 16384) make the ring; a small ring exercises the -ENOBUFS path.
#include <arpa/inet.h>
#include <liburing.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <vector>

namespace {

constexpr unsigned kRingEntries = 4096;
constexpr uint16_t kBufferGroup = 0;
constexpr int kNoChunk = -1;

[[noreturn]] void die(const char* what, int error) {
  std::fprintf(stderr, "uring-echo-baseline: %s: %s\n", what, std::strerror(error));
  std::exit(1);
}

// What a completion belongs to, packed with the socket into user_data.
enum class Kind : uint64_t { accept, recv, send, signal };

uint64_t tag(Kind kind, int fd) {
  return (static_cast<uint64_t>(fd) << 8) | static_cast<uint64_t>(kind);
}
Kind kind_of(uint64_t user_data) { return static_cast<Kind>(user_data & 0xff); }
int fd_of(uint64_t user_data) { return static_cast<int>(user_data >> 8); }

// The provided-buffer ring: `count` buffers of `size` bytes the kernel picks
// from for every multishot receive. liburing 2.3 has no
// io_uring_setup_buf_ring, so the ring memory is mapped and registered here.
class BufferRing {
 public:
  BufferRing(io_uring& ring, unsigned count, unsigned size) : count_(count), size_(size) {
    // The kernel requires the ring itself to be page-aligned.
    void* memory =
        ::mmap(nullptr, ring_bytes(), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED) die("mmap buffer ring", errno);
    ring_ = static_cast<io_uring_buf_ring*>(memory);
    data_.resize(static_cast<size_t>(count) * size);
    io_uring_buf_reg reg{};
    reg.ring_addr = reinterpret_cast<uint64_t>(ring_);
    reg.ring_entries = count;
    reg.bgid = kBufferGroup;
    if (const int ret = io_uring_register_buf_ring(&ring, &reg, 0); ret < 0) {
      die("io_uring_register_buf_ring", -ret);
    }
    io_uring_buf_ring_init(ring_);
    for (unsigned bid = 0; bid < count; ++bid) give_back(static_cast<uint16_t>(bid));
    publish();
  }
  ~BufferRing() { ::munmap(ring_, ring_bytes()); }
  BufferRing(const BufferRing&) = delete;
  BufferRing& operator=(const BufferRing&) = delete;

  char* data(uint16_t bid) { return data_.data() + static_cast<size_t>(bid) * size_; }

  // Queues buffer `bid` for the kernel; publish() makes the queued ones
  // visible at once (one release store per batch, not one per buffer) and
  // returns how many it handed back.
  void give_back(uint16_t bid) {
    io_uring_buf_ring_add(ring_, data(bid), size_, bid, io_uring_buf_ring_mask(count_), pending_);
    ++pending_;
  }
  int publish() {
    const int published = pending_;
    if (pending_ > 0) io_uring_buf_ring_advance(ring_, pending_);
    pending_ = 0;
    return published;
  }

 private:
  size_t ring_bytes() const { return count_ * sizeof(io_uring_buf); }

  unsigned count_;
  unsigned size_;
  io_uring_buf_ring* ring_ = nullptr;
  std::vector<char> data_;
  int pending_ = 0;
};

// Received bytes waiting to be echoed: a slice of one ring buffer. A
// connection's chunks form a FIFO linked through `next`, indexed by buffer
// id (a buffer belongs to at most one connection at a time), so queueing
// allocates nothing.
struct Chunk {
  uint32_t offset = 0;  // bytes of it already sent
  uint32_t length = 0;
  int next = kNoChunk;
};

struct Connection {
  bool open = false;
  bool receiving = false;  // a multishot recv is armed
  bool sending = false;    // a send is in flight (one at a time keeps the order)
  bool finished = false;   // end of input, or an error: never re-arm the recv
  bool starved = false;    // the recv ended on -ENOBUFS; re-arm when buffers return
  int head = kNoChunk;
  int tail = kNoChunk;
};

class Server {
 public:
  Server(uint16_t port, unsigned buffers, unsigned buffer_size);
  void run();

 private:
  io_uring_sqe* sqe();
  void arm_accept();
  void arm_recv(int fd);
  void arm_signal();
  void on_accept(int result, uint32_t flags);
  void on_recv(int fd, int result, uint32_t flags);
  void on_send(int fd, int result);
  void enqueue(Connection& c, uint16_t bid, uint32_t length);
  void send_head(int fd);
  void drop_chunks(Connection& c);
  void close_if_done(int fd);
  void rearm_starved();
  void dispatch(const io_uring_cqe& cqe);

  io_uring ring_{};
  int listener_ = -1;
  int signals_ = -1;
  signalfd_siginfo siginfo_{};
  bool stopping_ = false;
  std::optional<BufferRing> buffers_;  // built once the ring exists
  std::vector<Chunk> chunks_;
  std::vector<Connection> connections_;  // indexed by fd
  std::vector<int> starved_;
};

int listen_on_loopback(uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const int on = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) die("bind", errno);
  if (::listen(fd, SOMAXCONN) != 0) die("listen", errno);
  socklen_t length = sizeof(address);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  std::printf("listening on 127.0.0.1:%u (tcp, shard 0)\n", ntohs(address.sin_port));
  std::fflush(stdout);
  return fd;
}

// SIGINT and SIGTERM arrive as reads on a signalfd, so stopping is just
// another completion: no handler racing the wait.
int signal_fd() {
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGINT);
  sigaddset(&mask, SIGTERM);
  sigprocmask(SIG_BLOCK, &mask, nullptr);
  return ::signalfd(-1, &mask, SFD_CLOEXEC);
}

Server::Server(uint16_t port, unsigned buffers, unsigned buffer_size) : chunks_(buffers) {
  io_uring_params params{};
  params.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN;
  if (const int ret = io_uring_queue_init_params(kRingEntries, &ring_, &params); ret < 0) {
    die("io_uring_queue_init_params (SINGLE_ISSUER | DEFER_TASKRUN)", -ret);
  }
  // Spares the kernel a file-table lookup on every io_uring_enter.
  io_uring_register_ring_fd(&ring_);
  buffers_.emplace(ring_, buffers, buffer_size);
  listener_ = listen_on_loopback(port);
  signals_ = signal_fd();
  arm_accept();
  arm_signal();
}

// The submission queue is sized for a batch; if a batch outgrows it, submit
// what is queued (without waiting) to make room.
io_uring_sqe* Server::sqe() {
  io_uring_sqe* entry = io_uring_get_sqe(&ring_);
  while (entry == nullptr) {
    io_uring_submit(&ring_);
    entry = io_uring_get_sqe(&ring_);
  }
  return entry;
}

void Server::arm_accept() {
  io_uring_sqe* entry = sqe();
  io_uring_prep_multishot_accept(entry, listener_, nullptr, nullptr, SOCK_CLOEXEC);
  io_uring_sqe_set_data64(entry, tag(Kind::accept, listener_));
}

void Server::arm_recv(int fd) {
  io_uring_sqe* entry = sqe();
  io_uring_prep_recv_multishot(entry, fd, nullptr, 0, 0);
  entry->flags |= IOSQE_BUFFER_SELECT;
  entry->buf_group = kBufferGroup;
  io_uring_sqe_set_data64(entry, tag(Kind::recv, fd));
  connections_[fd].receiving = true;
  connections_[fd].starved = false;
}

void Server::arm_signal() {
  io_uring_sqe* entry = sqe();
  io_uring_prep_read(entry, signals_, &siginfo_, sizeof(siginfo_), 0);
  io_uring_sqe_set_data64(entry, tag(Kind::signal, signals_));
}

void Server::on_accept(int result, uint32_t flags) {
  if (result >= 0) {
    const int on = 1;
    ::setsockopt(result, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
    if (static_cast<size_t>(result) >= connections_.size()) connections_.resize(result + 1);
    connections_[result] = Connection{.open = true};
    arm_recv(result);
  } else {
    std::fprintf(stderr, "uring-echo-baseline: accept: %s\n", std::strerror(-result));
  }
  if ((flags & IORING_CQE_F_MORE) == 0 && !stopping_) arm_accept();
}

void Server::on_recv(int fd, int result, uint32_t flags) {
  Connection& c = connections_[fd];
  if ((flags & IORING_CQE_F_MORE) == 0) c.receiving = false;
  if (result > 0) {
    const auto bid = static_cast<uint16_t>(flags >> IORING_CQE_BUFFER_SHIFT);
    if (c.finished) {
      buffers_->give_back(bid);  // a send failed: nobody to echo to
      close_if_done(fd);
      return;
    }
    enqueue(c, bid, static_cast<uint32_t>(result));
    if (!c.sending) send_head(fd);
    // The kernel may end a multishot recv that delivered data (e.g. when the
    // completion queue overflowed): carry on with a new one.
    if (!c.receiving) arm_recv(fd);
  } else if (result == -ENOBUFS) {
    // The ring ran dry: the bytes stay in the socket and arrive once the
    // recv is re-armed, after sends have handed buffers back.
    c.starved = true;
    starved_.push_back(fd);
  } else {
    c.finished = true;  // 0: the peer closed its side; < 0: the socket failed
    close_if_done(fd);
  }
}

void Server::enqueue(Connection& c, uint16_t bid, uint32_t length) {
  chunks_[bid] = Chunk{0, length, kNoChunk};
  if (c.tail == kNoChunk) {
    c.head = bid;
  } else {
    chunks_[c.tail].next = bid;
  }
  c.tail = bid;
}

void Server::send_head(int fd) {
  Connection& c = connections_[fd];
  const Chunk& chunk = chunks_[c.head];
  io_uring_sqe* entry = sqe();
  io_uring_prep_send(entry, fd, buffers_->data(static_cast<uint16_t>(c.head)) + chunk.offset,
                     chunk.length - chunk.offset, MSG_NOSIGNAL);
  io_uring_sqe_set_data64(entry, tag(Kind::send, fd));
  c.sending = true;
}

void Server::on_send(int fd, int result) {
  Connection& c = connections_[fd];
  c.sending = false;
  if (result < 0) {
    // The peer is gone: drop what it would have got, and end the recv too
    // (shutdown makes it complete) so the socket can close.
    drop_chunks(c);
    c.finished = true;
    ::shutdown(fd, SHUT_RDWR);
    close_if_done(fd);
    return;
  }
  Chunk& chunk = chunks_[c.head];
  chunk.offset += static_cast<uint32_t>(result);
  if (chunk.offset == chunk.length) {
    // Fully sent: only now may the kernel reuse the buffer.
    const int done = c.head;
    c.head = chunk.next;
    if (c.head == kNoChunk) c.tail = kNoChunk;
    buffers_->give_back(static_cast<uint16_t>(done));
  }
  // A short send leaves the rest at the head: it goes out before anything
  // received later.
  if (c.head != kNoChunk) {
    send_head(fd);
  } else {
    close_if_done(fd);
  }
}

void Server::drop_chunks(Connection& c) {
  for (int bid = c.head; bid != kNoChunk; bid = chunks_[bid].next) {
    buffers_->give_back(static_cast<uint16_t>(bid));
  }
  c.head = c.tail = kNoChunk;
}

// A socket closes once its input ended, nothing is left to echo and no
// operation on it is still in flight (its fd must not be reused before the
// kernel is done with it).
void Server::close_if_done(int fd) {
  Connection& c = connections_[fd];
  if (!c.open || !c.finished || c.receiving || c.sending || c.head != kNoChunk) return;
  ::close(fd);
  c = Connection{};
}

// Called after buffers went back to the ring. A recv that runs dry again
// just ends on -ENOBUFS once more and waits for the next return.
void Server::rearm_starved() {
  for (const int fd : starved_) {
    const Connection& c = connections_[fd];
    if (c.open && c.starved && !c.finished) arm_recv(fd);
  }
  starved_.clear();
}

void Server::dispatch(const io_uring_cqe& cqe) {
  switch (kind_of(cqe.user_data)) {
    case Kind::accept:
      return on_accept(cqe.res, cqe.flags);
    case Kind::recv:
      return on_recv(fd_of(cqe.user_data), cqe.res, cqe.flags);
    case Kind::send:
      return on_send(fd_of(cqe.user_data), cqe.res);
    case Kind::signal:
      stopping_ = true;
      return;
  }
}

// One io_uring_enter per turn: it submits every entry the previous batch
// queued, runs the deferred task work and waits for at least one completion.
// The whole batch is then handled before the next enter.
void Server::run() {
  while (!stopping_) {
    const int ret = io_uring_submit_and_wait(&ring_, 1);
    if (ret < 0 && ret != -EINTR) die("io_uring_submit_and_wait", -ret);
    unsigned head = 0;
    unsigned seen = 0;
    io_uring_cqe* cqe = nullptr;
    io_uring_for_each_cqe(&ring_, head, cqe) {
      dispatch(*cqe);
      ++seen;
    }
    io_uring_cq_advance(&ring_, seen);
    if (buffers_->publish() > 0 && !starved_.empty()) rearm_starved();
  }
  for (size_t fd = 0; fd < connections_.size(); ++fd) {
    if (connections_[fd].open) ::close(static_cast<int>(fd));
  }
  ::close(listener_);
  io_uring_queue_exit(&ring_);
}

unsigned argument(char** argv, int index, int argc, unsigned fallback, unsigned max) {
  if (index >= argc) return fallback;
  char* end = nullptr;
  const unsigned long value = std::strtoul(argv[index], &end, 10);
  if (*end != '\0' || value > max) {
    std::fprintf(stderr, "usage: uring-echo-baseline [PORT [BUFFERS [BUFFER_SIZE]]]\n");
    std::exit(2);
  }
  return static_cast<unsigned>(value);
}

}  // namespace

int main(int argc, char** argv) {
  const auto port = static_cast<uint16_t>(argument(argv, 1, argc, 0, 65535));
  const unsigned buffers = argument(argv, 2, argc, 1024, 32768);
  const unsigned buffer_size = argument(argv, 3, argc, 16384, 1U << 20);
  if (buffers == 0 || (buffers & (buffers - 1)) != 0 || buffer_size == 0) {
    std::fprintf(stderr, "uring-echo-baseline: BUFFERS must be a power of two, sizes > 0\n");
    return 2;
  }
  Server server(port, buffers, buffer_size);
  server.run();
  return 0;
}
