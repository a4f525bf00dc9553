#pragma once
// Network ACL evaluation
// (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html,
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateNetworkAclEntry.html):
// rules by number, first match wins,
// the implicit * rule denies; the port range matches the destination port in both
// directions; inbound rules match the source address, outbound the destination; IPv4 and
// IPv6 rules are separate; protocol -1 and protocols other than TCP/UDP/ICMP ignore ports.

#include <cstdint>

#include "sim/path/packet.h"
#include "topology/model/network_acl.h"

namespace vpcsim::path {

struct NaclDecision {
  bool allowed = false;
  const model::NaclEntry* entry = nullptr;  // nullptr: the * rule decided
};

bool nacl_entry_matches(const model::NaclEntry& e, model::Direction d, const Packet& p);
NaclDecision evaluate_nacl(const model::NetworkAcl& acl, model::Direction d, const Packet& p);

}  // namespace vpcsim::path
