#include "data_path.hpp"

#include <linux/magic.h>
#include <sys/vfs.h>

namespace cio::copier {

bool copies_in_place(int fd) noexcept {
  struct statfs info {};
  if (::fstatfs(fd, &info) != 0) return false;
  switch (static_cast<uint32_t>(info.f_type)) {
    case BTRFS_SUPER_MAGIC:
    case XFS_SUPER_MAGIC:
    case OCFS2_SUPER_MAGIC:
    case NFS_SUPER_MAGIC:
    case CIFS_SUPER_MAGIC:
    case SMB2_SUPER_MAGIC:
    case CEPH_SUPER_MAGIC:
      return true;
    default:
      return false;
  }
}

bool DataPathChoice::copy_range(DataPath mode, int fd, dev_t device) noexcept {
  if (mode != DataPath::automatic) return mode == DataPath::copy_range;
  if (!known_ || device != device_) {
    in_place_ = copies_in_place(fd);
    device_ = device;
    known_ = true;
  }
  return in_place_;
}

}  // namespace cio::copier
