#pragma once
// How rules read to a person, shared by `vpcsim show`, traces and reachability answers:
// "tcp 443", "tcp 1024-65535", "icmp type 8", "all".

#include <string>

#include "topology/model/nacl_entry.h"
#include "topology/model/sg_rule.h"

namespace vpcsim::model {

class Topology;

// The ports column: "443", "1024-65535", "all", or for ICMP "type 8 code any".
std::string ports_text(net::Protocol p, net::PortRange ports, IcmpMatch icmp);
// "tcp 443", "all traffic", "icmp type 8".
std::string traffic_text(net::Protocol p, net::PortRange ports, IcmpMatch icmp);
// The peer of an SG rule: "0.0.0.0/0", "sg-app", "pl-123".
std::string peer_text(const Topology& topo, const SgPeer& peer);
// "#100 allow tcp 443 0.0.0.0/0".
std::string nacl_entry_text(const NaclEntry& e);

}  // namespace vpcsim::model
