#pragma once
// Five-tuples an attacker could compute to collide under vpcsim's former, unkeyed tuple hash
// (each word times a public odd constant, XOR-ed, then a bijective mix): IPv6 SYNs whose
// destination's low word cancels the source's. Used to show that the keyed hash spreads them
// and that the tables packets fill stay fast on them.

#include <cstdint>
#include <vector>

#include "topology/net/five_tuple.h"

namespace vpcsim::test {

// The former hash, before its final (bijective) mix: equal values, equal hashes.
inline std::uint64_t unkeyed_tuple_hash(const net::FiveTuple& t) {
  const std::uint64_t ports =
      std::uint64_t{t.src_port} << 24 | std::uint64_t{t.dst_port} << 8 | t.protocol;
  return (t.src.hi() * 0x9e3779b97f4a7c15ull) ^ (t.src.lo() * 0xc2b2ae3d27d4eb4full) ^
         (t.dst.hi() * 0x165667b19e3779f9ull) ^ (t.dst.lo() * 0xd6e8feb86659fd93ull) ^
         (ports * 0xff51afd7ed558ccdull);
}

// The inverse of an odd number modulo 2^64 (Newton's iteration).
inline std::uint64_t inverse_mod_2_64(std::uint64_t a) {
  std::uint64_t x = a;  // correct to 3 bits
  for (int i = 0; i < 5; ++i)
    x *= 2 - a * x;
  return x;
}

// `n` distinct TCP tuples 2001:db8::/64 → 2001:db8:1::/64 port 443 with one unkeyed hash.
inline std::vector<net::FiveTuple> colliding_tuples(std::size_t n) {
  constexpr std::uint64_t kSrcMul = 0xc2b2ae3d27d4eb4full, kDstMul = 0xd6e8feb86659fd93ull;
  const std::uint64_t inv = inverse_mod_2_64(kDstMul);
  std::vector<net::FiveTuple> out;
  for (std::uint64_t i = 1; i <= n; ++i) {
    // src.lo * kSrcMul ^ dst.lo * kDstMul == 0: dst.lo = (src.lo * kSrcMul) * kDstMul^-1.
    const std::uint64_t src_lo = i;
    const std::uint64_t dst_lo = (src_lo * kSrcMul) * inv;
    out.push_back({net::IpAddress::v6(0x20010db800000000ull, src_lo),
                   net::IpAddress::v6(0x20010db800010000ull, dst_lo), 40000, 443, 6});
  }
  return out;
}

}  // namespace vpcsim::test
