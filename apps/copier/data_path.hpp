// Which path carries a whole file's bytes (--data-path). On ext4 and tmpfs
// copy_file_range copies through the page cache on the shard's thread: as
// fast as the ring's reads and writes with a warm cache, and about twice as
// slow with a cold one (it waits for one file's reads at a time per shard,
// where the ring has queue-depth files in flight). On filesystems that share
// extents or copy on the server it moves no bytes through the CPU at all.
// So by default it is used on those only. The ranges of a split file follow
// their own default (transfer.cpp, choose_path): copy_file_range for the
// first, a mapping of the copy for the others (mapped_range.hpp).
#pragma once

#include <sys/types.h>

#include <cstdint>

namespace cio::copier {

enum class DataPath : uint8_t { automatic, ring, copy_range };

// True when the filesystem holding `fd` copies a range without moving its
// bytes through the CPU: btrfs, XFS and OCFS2 (shared extents), NFS, SMB and
// Ceph (copied by the server). Unknown types: false.
bool copies_in_place(int fd) noexcept;

// One shard's choice for whole files, remembered per filesystem so that
// files of one tree cost one fstatfs.
class DataPathChoice {
 public:
  // Whether a whole file whose source is `fd` on `device` goes through
  // copy_file_range.
  bool copy_range(DataPath mode, int fd, dev_t device) noexcept;

 private:
  dev_t device_ = 0;
  bool known_ = false;
  bool in_place_ = false;
};

}  // namespace cio::copier
