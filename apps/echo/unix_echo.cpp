#include "unix_echo.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cio/fs/owned_fd.hpp>
#include <cio/runtime.hpp>
#include <cio/shard/shard.hpp>
#include <cio/shard/submit_to.hpp>
#include <cio/time/sleep.hpp>

#include "echo_log.hpp"

namespace cio::echo {

using namespace std::chrono_literals;

Result<std::unique_ptr<UnixEcho>> UnixEcho::start(const std::string& path,
                                                  Sharded<EchoShard>& shards) {
  using Out = Result<std::unique_ptr<UnixEcho>>;
  auto listener = net::UnixListener::bind(path, {.unlink_stale = true});
  if (!listener) return Out(listener.error(), listener.operation());
  std::unique_ptr<UnixEcho> self(new UnixEcho(std::move(*listener), path, shards));
  spawn(self->accept_loop());
  return Out(std::move(self));
}

Task<void> UnixEcho::stop_accepting() {
  stop_.request_stop();
  co_await done_.wait();
  auto closed = co_await listener_.close();
  (void)closed;
  ::unlink(path_.c_str());
}

Task<void> UnixEcho::accept_loop() {
  auto incoming = listener_.incoming();
  const StopToken stop = stop_.token();
  for (;;) {
    auto next = co_await incoming.next(stop);
    if (next) {
      co_await hand_over(std::move(*next));
      continue;
    }
    if (next.error() == std::errc::operation_canceled) break;
    echo_log()->warn("unix listener {}: {}", path_, next.describe());
    auto paused = co_await time::sleep(10ms, stop);  // e.g. out of descriptors: do not spin
    (void)paused;
  }
  done_.set();
}

// The handed-over descriptor is adopted by the target shard's driver; a
// descriptor that cannot be adopted is closed there (adopt's contract).
Task<void> UnixEcho::hand_over(net::UnixStream stream) {
  const unsigned target = next_;
  next_ = (next_ + 1) % shard_count();
  if (target == this_shard()) {
    spawn(shards_.local().serve(std::move(stream)));
    co_return;
  }
  co_await submit_to(target, [&shards = shards_, fd = stream.release()] {
    auto owned = fs::OwnedFd::adopt(fd, "accept");
    if (!owned) {
      echo_log()->warn("unix connection: {}", owned.describe());
      return;
    }
    spawn(shards.local().serve(net::UnixStream(std::move(*owned))));
  });
}

}  // namespace cio::echo
