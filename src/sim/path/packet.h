#pragma once
// Packet: what the path needs of one IP packet: addresses, ports (ICMP: echo id in both),
// protocol, TCP flags, ICMP type/code, size on the wire.

#include <cstdint>

#include "topology/net/five_tuple.h"

namespace vpcsim::path {

namespace tcp {
inline constexpr std::uint8_t kFin = 0x01;
inline constexpr std::uint8_t kSyn = 0x02;
inline constexpr std::uint8_t kRst = 0x04;
inline constexpr std::uint8_t kPsh = 0x08;
inline constexpr std::uint8_t kAck = 0x10;
}  // namespace tcp

struct Packet {
  net::FiveTuple tuple;
  std::uint8_t tcp_flags = 0;
  std::uint8_t icmp_type = 0;
  std::uint8_t icmp_code = 0;
  std::uint32_t bytes = 0;  // IP total length

  bool is_tcp() const { return tuple.protocol == net::Protocol::kTcp; }
  bool is_udp() const { return tuple.protocol == net::Protocol::kUdp; }
  bool is_icmp() const {
    return tuple.protocol == net::Protocol::kIcmp || tuple.protocol == net::Protocol::kIcmpv6;
  }
  // The port a NACL or SG rule range is matched against (the destination port, §1.3).
  std::uint16_t rule_port() const { return tuple.dst_port; }
};

}  // namespace vpcsim::path
