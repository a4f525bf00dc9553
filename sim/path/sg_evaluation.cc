#include "sim/path/sg_evaluation.h"

namespace vpcsim::path {
namespace {

bool peer_matches(const model::Topology& topo, const model::SgPeer& peer, const net::IpAddress& a) {
  switch (peer.kind) {
    case model::SgPeerKind::cidr:
      return peer.cidr.contains(a);
    case model::SgPeerKind::security_group:
      return topo.is_member_ip(peer.group, a);
    case model::SgPeerKind::prefix_list:
      return topo.prefix_list(peer.prefix_list).contains(a);
  }
  return false;
}

bool is_all_addresses(const model::SgPeer& peer, net::IpFamily f) {
  return peer.kind == model::SgPeerKind::cidr && peer.cidr == net::IpPrefix::all(f);
}

// "a corresponding rule in the other direction that permits all response traffic
// (0.0.0.0/0 or ::/0) for any port (0-65535)"
// (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/security-group-connection-tracking.html).
bool reverse_all_open(const model::Topology& topo, const model::Eni& eni, model::Direction d,
                      const Packet& p) {
  const auto f = p.tuple.src.family();
  for (const auto g : eni.security_groups) {
    for (const auto& r : topo.security_group(g).rules(model::opposite(d))) {
      if (!is_all_addresses(r.peer, f) || !r.protocol.matches(p.tuple.protocol)) continue;
      if (r.protocol.is_all() || r.ports.is_all()) return true;
    }
  }
  return false;
}

// The untracked-flow condition of
// https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/security-group-connection-tracking.html
// seen from the response: the packet travels in direction `d` as the response of a
// flow whose initiating packet (the reverse of `p`) a rule in the other direction admits
// "for all traffic (0.0.0.0/0 or ::/0)".
bool reverse_from_all_addresses(const model::Topology& topo, const model::Eni& eni,
                                model::Direction d, const Packet& p) {
  const auto f = p.tuple.src.family();
  const auto back = model::opposite(d);
  Packet initiating = p;
  initiating.tuple = p.tuple.reversed();
  for (const auto g : eni.security_groups) {
    for (const auto& r : topo.security_group(g).rules(back)) {
      if (is_all_addresses(r.peer, f) && sg_rule_matches(topo, r, back, initiating)) return true;
    }
  }
  return false;
}

}  // namespace

bool sg_rule_matches(const model::Topology& topo, const model::SgRule& rule, model::Direction d,
                     const Packet& p, bool references) {
  if (!references && rule.peer.kind == model::SgPeerKind::security_group) return false;
  if (!rule.protocol.matches(p.tuple.protocol)) return false;
  if (rule.protocol.has_ports() && !rule.ports.contains(p.rule_port())) return false;
  if (rule.protocol.is_icmp_family() && !rule.icmp.matches(p.icmp_type, p.icmp_code)) return false;
  const auto& peer = d == model::Direction::inbound ? p.tuple.src : p.tuple.dst;
  return peer_matches(topo, rule.peer, peer);
}

SgDecision evaluate_sg(const model::Topology& topo, const model::Eni& eni, model::Direction d,
                       const Packet& p, bool references) {
  SgDecision first;
  const auto f = p.tuple.src.family();
  for (const auto g : eni.security_groups) {
    for (const auto& r : topo.security_group(g).rules(d)) {
      if (!sg_rule_matches(topo, r, d, p, references)) continue;
      if (!first.allowed) first = SgDecision{true, g, &r, false};
      // Untracked needs an all-addresses rule for TCP/UDP and an all-open reverse rule;
      // or, for the flow's response, an all-open rule here and an all-addresses rule that
      // admits the initiating packet in the other direction.
      if (!(p.is_tcp() || p.is_udp()) || !is_all_addresses(r.peer, f)) continue;
      const bool all_open = r.protocol.is_all() || r.ports.is_all();
      if (reverse_all_open(topo, eni, d, p) ||
          (all_open && reverse_from_all_addresses(topo, eni, d, p))) {
        return SgDecision{true, g, &r, true};
      }
    }
  }
  return first;
}

}  // namespace vpcsim::path
