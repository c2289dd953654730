// The echo server's main: starts the shards' parts and the listeners the
// options name, logs "listening on <addr> (<proto>, shard <n>)" for each
// bound listener, serves until the app is stopped, then shuts down within
// the app's shutdown_timeout and logs the connection counts per shard.
#pragma once

#include <cio/app/app.hpp>
#include <cio/core/task.hpp>

#include "echo_options.hpp"

namespace cio::echo {

// Throws std::runtime_error naming the problem when a listener cannot be
// bound or recv.multishot cannot be honoured (after undoing what started).
Task<void> serve_echo(const EchoOptions& options, app::AppContext& context);

}  // namespace cio::echo
