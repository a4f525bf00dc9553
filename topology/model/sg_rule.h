#pragma once
// SgRule: one allow rule of a security group: protocol, ports (or ICMP type/code), and the
// peer: a CIDR, another security group (membership: its members' private IPs), or a
// prefix list (https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html).

#include <cstdint>
#include <string>

#include "topology/model/icmp_match.h"
#include "topology/model/resource_index.h"
#include "topology/net/ip_prefix.h"
#include "topology/net/port_range.h"
#include "topology/net/protocol.h"

namespace vpcsim::model {

enum class SgPeerKind : std::uint8_t { cidr, security_group, prefix_list };

struct SgPeer {
  SgPeerKind kind = SgPeerKind::cidr;
  net::IpPrefix cidr;
  SgIndex group;
  PrefixListIndex prefix_list;
  friend bool operator==(const SgPeer&, const SgPeer&) = default;
};

struct SgRule {
  net::Protocol protocol;  // -1 = all
  net::PortRange ports;    // TCP/UDP
  IcmpMatch icmp;          // ICMP / ICMPv6
  SgPeer peer;
  std::string description;
  std::string id;  // sgr-… (optional)
};

}  // namespace vpcsim::model
