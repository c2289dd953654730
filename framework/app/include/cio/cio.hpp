/// @file
/// <cio/cio.hpp>: every public header of every layer, for users who want one
/// include (link CompleteIO::app). Each layer's headers can also be included
/// alone; see docs/architecture.md for what each holds.
#pragma once

#include <cio/driver/buffer_ring.hpp>
#include <cio/driver/driver.hpp>
#include <cio/driver/driver_config.hpp>
#include <cio/driver/entry.hpp>
#include <cio/driver/fd.hpp>
#include <cio/driver/op_base.hpp>
#include <cio/driver/op_list.hpp>
#include <cio/driver/op_queue.hpp>
#include <cio/driver/ops.hpp>
#include <cio/driver/result.hpp>

#include <cio/core/async_scope.hpp>
#include <cio/core/completion.hpp>
#include <cio/core/loop_hooks.hpp>
#include <cio/core/op_awaitable.hpp>
#include <cio/core/owned_fd.hpp>
#include <cio/core/parsed.hpp>
#include <cio/core/ready_queue.hpp>
#include <cio/core/runtime.hpp>
#include <cio/core/runtime_config.hpp>
#include <cio/core/stop.hpp>
#include <cio/core/stopped.hpp>
#include <cio/core/task.hpp>
#include <cio/core/timed_op.hpp>
#include <cio/core/yield.hpp>
#include <cio/fs/aligned_buffer.hpp>
#include <cio/fs/file.hpp>
#include <cio/fs/registered_buffers.hpp>
#include <cio/net/address_free.hpp>
#include <cio/net/listener.hpp>
#include <cio/net/multishot_recv.hpp>
#include <cio/net/recv_buffer_pool.hpp>
#include <cio/net/socket.hpp>
#include <cio/net/socket_address.hpp>
#include <cio/net/stream_socket.hpp>
#include <cio/net/tcp_listener.hpp>
#include <cio/net/tcp_stream.hpp>
#include <cio/net/udp_socket.hpp>
#include <cio/net/unix_listener.hpp>
#include <cio/net/unix_stream.hpp>
#include <cio/signal/signal_set.hpp>
#include <cio/sync/channel.hpp>
#include <cio/sync/event.hpp>
#include <cio/sync/gate.hpp>
#include <cio/sync/semaphore.hpp>
#include <cio/sync/waiter.hpp>
#include <cio/time/clock.hpp>
#include <cio/time/interval.hpp>
#include <cio/time/sleep.hpp>
#include <cio/time/timeout.hpp>

#include <cio/shard/cpus.hpp>
#include <cio/shard/foreign.hpp>
#include <cio/shard/launcher.hpp>
#include <cio/shard/message.hpp>
#include <cio/shard/metrics.hpp>
#include <cio/shard/per_shard.hpp>
#include <cio/shard/shard.hpp>
#include <cio/shard/sharded.hpp>
#include <cio/shard/sharded_listener.hpp>
#include <cio/shard/sharded_udp_socket.hpp>
#include <cio/shard/spsc_ring.hpp>
#include <cio/shard/submit_to.hpp>

#include <cio/app/app.hpp>
#include <cio/app/config.hpp>
#include <cio/app/config_schema.hpp>
#include <cio/app/config_value.hpp>
#include <cio/app/cpuset.hpp>
#include <cio/app/duration.hpp>
#include <cio/app/framework_config.hpp>
#include <cio/app/logging.hpp>
