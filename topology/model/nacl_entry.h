#pragma once
// NaclEntry: one numbered rule of a network ACL
// (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html,
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateNetworkAclEntry.html).

#include <cstdint>

#include "topology/model/icmp_match.h"
#include "topology/net/ip_prefix.h"
#include "topology/net/port_range.h"
#include "topology/net/protocol.h"

namespace vpcsim::model {

enum class RuleAction : std::uint8_t { allow, deny };

struct NaclEntry {
  std::uint16_t rule_number = 0;  // 1..32766
  net::Protocol protocol;         // -1 = all
  net::PortRange ports;           // TCP/UDP only; matched against the destination port
  IcmpMatch icmp;                 // ICMP / ICMPv6 only
  net::IpPrefix cidr;             // source (inbound) or destination (outbound)
  RuleAction action = RuleAction::deny;
};

}  // namespace vpcsim::model
