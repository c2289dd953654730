// Helpers for the fs tests: deterministic content and an FNV-1a checksum.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

namespace cio::testing {

// FNV-1a over 64-bit words (then the tail bytes): word-at-a-time keeps
// 64 MiB cheap even in a Debug build.
inline uint64_t fnv1a(std::span<const std::byte> bytes) {
  constexpr uint64_t kPrime = 0x100000001b3ULL;
  uint64_t hash = 0xcbf29ce484222325ULL;
  size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    uint64_t word = 0;
    std::memcpy(&word, bytes.data() + i, 8);
    hash = (hash ^ word) * kPrime;
  }
  for (; i < bytes.size(); ++i) hash = (hash ^ static_cast<uint64_t>(bytes[i])) * kPrime;
  return hash;
}

// `size` bytes that differ per position and per `seed` (a 64-bit LCG,
// one word per step).
inline std::vector<std::byte> pattern(size_t size, uint64_t seed) {
  std::vector<std::byte> bytes(size);
  uint64_t state = seed * 0x9e3779b97f4a7c15ULL + 1;
  for (size_t i = 0; i < size; i += 8) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const uint64_t word = state ^ (state >> 29);
    std::memcpy(bytes.data() + i, &word, size - i < 8 ? size - i : 8);
  }
  return bytes;
}

}  // namespace cio::testing
