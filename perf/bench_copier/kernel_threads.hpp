// CPU time of the kernel's own threads (writeback, reclaim, io workers of
// no process). A copy makes them work on its behalf, so the benchmark does
// not count their time as other work disturbing a run.
#pragma once

namespace cio::bench {

// Total user + system time, in seconds, of every kernel thread now.
double kernel_thread_seconds();

}  // namespace cio::bench
