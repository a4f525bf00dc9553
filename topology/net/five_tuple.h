#pragma once
// FiveTuple: the connection identity of a packet. For ICMP the "ports" carry the
// echo identifier (both sides) so that request and reply map to one connection.

#include <compare>
#include <cstdint>
#include <functional>

#include <fmt/format.h>

#include "topology/net/ip_address.h"
#include "topology/net/protocol.h"

namespace vpcsim::net {

struct FiveTuple {
  IpAddress src;
  IpAddress dst;
  std::uint16_t src_port = 0;
  std::uint16_t dst_port = 0;
  std::uint8_t protocol = 0;

  constexpr FiveTuple reversed() const { return {dst, src, dst_port, src_port, protocol}; }
  friend constexpr auto operator<=>(const FiveTuple&, const FiveTuple&) = default;
};

}  // namespace vpcsim::net

template <>
struct std::hash<vpcsim::net::FiveTuple> {
  // Per-packet (connection tracking, flow logs): each word is multiplied by its own odd
  // constant, independently of the others, then one final mix. Short dependency chains.
  std::size_t operator()(const vpcsim::net::FiveTuple& t) const noexcept {
    const std::uint64_t ports =
        std::uint64_t{t.src_port} << 24 | std::uint64_t{t.dst_port} << 8 | t.protocol;
    std::uint64_t x = (t.src.hi() * 0x9e3779b97f4a7c15ull) ^ (t.src.lo() * 0xc2b2ae3d27d4eb4full) ^
                      (t.dst.hi() * 0x165667b19e3779f9ull) ^ (t.dst.lo() * 0xd6e8feb86659fd93ull) ^
                      (ports * 0xff51afd7ed558ccdull);
    x ^= x >> 32;
    x *= 0xbf58476d1ce4e5b9ull;
    return static_cast<std::size_t>(x ^ (x >> 29));
  }
};

template <>
struct fmt::formatter<vpcsim::net::FiveTuple> {
  constexpr auto parse(fmt::format_parse_context& ctx) { return ctx.begin(); }
  auto format(const vpcsim::net::FiveTuple& t, fmt::format_context& ctx) const {
    const auto proto = vpcsim::net::Protocol(t.protocol);
    if (t.src.is_v6()) {
      return fmt::format_to(ctx.out(), "[{}]:{} → [{}]:{} {}", t.src, t.src_port, t.dst, t.dst_port,
                            proto);
    }
    return fmt::format_to(ctx.out(), "{}:{} → {}:{} {}", t.src, t.src_port, t.dst, t.dst_port,
                          proto);
  }
};
