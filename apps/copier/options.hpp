// The copier's own configuration keys. They sit at the top level of the
// schema, next to the framework's (shards, backend, ...), and are spelled as
// cp users type them: `--block-size 4MiB` on the command line is
// `block-size: 4MiB` in config/copier.yaml.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <cio/app/config_schema.hpp>

#include "data_path.hpp"

namespace cio::copier {

enum class DirectMode : uint8_t { off, on, require };
enum class ProgressMode : uint8_t { automatic, on, off };

struct CopyOptions {
  std::string block_size = "1MiB";
  uint32_t queue_depth = 16;
  DirectMode direct = DirectMode::off;
  DataPath data_path = DataPath::automatic;
  bool fixed_buffers = false;
  bool sync = false;
  bool preserve = false;
  bool verify = false;
  bool recursive = false;
  bool keep_going = false;
  ProgressMode progress = ProgressMode::automatic;
  bool quiet = false;

  // block_size in bytes (validated when the key was read).
  uint64_t block_bytes() const;
};

inline constexpr uint64_t kMinBlock = 4096;
inline constexpr uint64_t kMaxBlock = uint64_t{256} << 20;

// Declares the keys, bound to the fields of `options` (their values now are
// the defaults).
void declare_copy_options(app::ConfigSchema& schema, CopyOptions& options);

// "4096", "64K", "64KiB", "1M", "1MiB", "1G": bytes, or nullopt for text that
// is not a size.
std::optional<uint64_t> parse_size(std::string_view text);

}  // namespace cio::copier
