#pragma once
// FiveTuple: the connection identity of a packet. For ICMP the "ports" carry the
// echo identifier (both sides) so that request and reply map to one connection.

#include <compare>
#include <cstdint>
#include <functional>

#include <fmt/format.h>

#include "topology/net/hash_key.h"
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
  // Per packet (connection tracking, NAT, flow logs), and keyed with the process's secret
  // (hash_key.h): a capture cannot be made of tuples that collide. The address family goes in
  // with the ports, so an IPv4 and an IPv6 address with the same bits differ.
  std::size_t operator()(const vpcsim::net::FiveTuple& t) const noexcept {
    const std::uint64_t rest = std::uint64_t{t.src_port} << 32 | std::uint64_t{t.dst_port} << 16 |
                               std::uint64_t{t.protocol} << 8 |
                               static_cast<std::uint64_t>(t.src.is_v6()) << 1 |
                               static_cast<std::uint64_t>(t.dst.is_v6());
    return static_cast<std::size_t>(
        vpcsim::net::keyed_hash(t.src.hi(), t.src.lo(), t.dst.hi(), t.dst.lo(), rest));
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
