#include "sim/path/nacl_evaluation.h"

namespace vpcsim::path {

bool nacl_entry_matches(const model::NaclEntry& e, model::Direction d, const Packet& p) {
  const auto& peer = d == model::Direction::inbound ? p.tuple.src : p.tuple.dst;
  if (!e.cidr.contains(peer)) return false;  // also separates IPv4 from IPv6 rules
  if (!e.protocol.matches(p.tuple.protocol)) return false;
  if (e.protocol.is_all()) return true;
  if (e.protocol.has_ports()) return e.ports.contains(p.rule_port());
  if (e.protocol.number() == net::Protocol::kIcmp) return e.icmp.matches(p.icmp_type, p.icmp_code);
  if (e.protocol.number() == net::Protocol::kIcmpv6) {
    // "If you specify protocol 58 (ICMPv6) and specify an IPv4 CIDR block, traffic for all
    // ICMP types and codes allowed" (API_CreateNetworkAclEntry).
    return !e.cidr.is_v4() ? e.icmp.matches(p.icmp_type, p.icmp_code) : true;
  }
  return true;
}

NaclDecision evaluate_nacl(const model::NetworkAcl& acl, model::Direction d, const Packet& p) {
  for (const auto& e : acl.entries(d)) {
    if (nacl_entry_matches(e, d, p)) return {e.action == model::RuleAction::allow, &e};
  }
  return {false, nullptr};
}

}  // namespace vpcsim::path
