// PageCacheFiller: keeps the guest's free memory low between timed runs.
// Free memory on these VMs is handed back to the host, and the next use of
// it faults at the host: a 2 GiB copy into such memory took 5-10 s instead
// of 1 s, whichever copier ran. With the page cache full, a copy's pages
// come from reclaiming cached pages the guest already holds, the same for
// both sides. The filler is a sparse file (no disk blocks) whose holes are
// read into the cache as zero pages.
#pragma once

#include <cstdint>
#include <string>

namespace cio::bench {

class PageCacheFiller {
 public:
  // Creates the sparse file at `path`, as large as the machine's memory.
  // Throws std::runtime_error when it cannot.
  explicit PageCacheFiller(std::string path);
  ~PageCacheFiller();
  PageCacheFiller(const PageCacheFiller&) = delete;
  PageCacheFiller& operator=(const PageCacheFiller&) = delete;

  // Reads more of the file until free memory is down to a few hundred MiB
  // (slow the first time: that is the host faulting the memory in).
  void top_up();

 private:
  std::string path_;
  int fd_ = -1;
  uint64_t size_ = 0;
  uint64_t next_ = 0;  // where the next read starts (wraps at size_)
};

}  // namespace cio::bench
