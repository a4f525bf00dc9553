#pragma once
// The per-process secret of the hashes of tables that packets fill (connection tracking, NAT
// translations, flow-log records, source ports). A capture's author could otherwise compute
// five-tuples that all land in one bucket (hash flooding: one such 6.3 MB capture made
// insertion quadratic). It is drawn once per process from std::random_device. Nothing vpcsim
// writes depends on the order of such a table, so runs stay byte-identical.
//
// keyed_hash() mixes words the way wyhash does (a 128-bit product of key-masked words, folded
// to 64 bits; https://github.com/wangyi-fudan/wyhash), as Go's runtime does for its maps.

#include <cstdint>

namespace vpcsim::net {

struct HashKey {
  std::uint64_t k[6];
};

extern const HashKey kHashKey;

// GCC's and Clang's 128-bit integer (__extension__: not ISO C++, said on purpose).
__extension__ typedef unsigned __int128 Uint128;

// The 128-bit product of a and b, its halves XOR-ed.
inline std::uint64_t fold_multiply(std::uint64_t a, std::uint64_t b) {
  const Uint128 r = static_cast<Uint128>(a) * b;
  return static_cast<std::uint64_t>(r) ^ static_cast<std::uint64_t>(r >> 64);
}

// A keyed hash of five words (what a five-tuple packs into).
inline std::uint64_t keyed_hash(std::uint64_t a, std::uint64_t b, std::uint64_t c, std::uint64_t d,
                                std::uint64_t e) {
  const auto& k = kHashKey.k;
  const std::uint64_t h = fold_multiply(a ^ k[0], b ^ k[1]) ^ fold_multiply(c ^ k[2], d ^ k[3]);
  return fold_multiply(h ^ e ^ k[4], k[5]);
}

}  // namespace vpcsim::net
