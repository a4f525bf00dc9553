#pragma once
// PacketHeader: what the VPC model needs of one IP packet, whether simulated or captured:
// addresses, ports (ICMP echo: the identifier in both), protocol, TCP flags, ICMP type and
// code, and the IP total length. The packet path decides on it; the capture reader decodes
// into it; flow logs and traces print it.

#include <cstdint>

#include "topology/net/five_tuple.h"

namespace vpcsim::net {

namespace tcp {
inline constexpr std::uint8_t kFin = 0x01;
inline constexpr std::uint8_t kSyn = 0x02;
inline constexpr std::uint8_t kRst = 0x04;
inline constexpr std::uint8_t kPsh = 0x08;
inline constexpr std::uint8_t kAck = 0x10;
}  // namespace tcp

struct PacketHeader {
  FiveTuple tuple;  // protocol: the IP protocol number (IPv6: the last next header)
  std::uint8_t tcp_flags = 0;
  std::uint8_t icmp_type = 0;
  std::uint8_t icmp_code = 0;
  std::uint32_t bytes = 0;  // IP total length (IPv6: 40 + payload length)

  bool is_tcp() const { return tuple.protocol == Protocol::kTcp; }
  bool is_udp() const { return tuple.protocol == Protocol::kUdp; }
  bool is_icmp() const {
    return tuple.protocol == Protocol::kIcmp || tuple.protocol == Protocol::kIcmpv6;
  }
  // The port a NACL or security group rule's range is matched against: the destination port,
  // in both directions
  // (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html).
  std::uint16_t rule_port() const { return tuple.dst_port; }
};

}  // namespace vpcsim::net
