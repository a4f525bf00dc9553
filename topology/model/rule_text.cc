#include "topology/model/rule_text.h"

#include <fmt/format.h>

#include "topology/model/topology.h"

namespace vpcsim::model {

std::string ports_text(net::Protocol p, net::PortRange ports, IcmpMatch icmp) {
  if (p.has_ports()) return ports.to_string();
  if (p.is_icmp_family()) {
    if (icmp.is_any()) return "all";
    const std::string code = icmp.code == -1 ? "" : fmt::format(" code {}", icmp.code);
    return icmp.type == -1 ? "all" : fmt::format("type {}{}", icmp.type, code);
  }
  return "all";
}

std::string traffic_text(net::Protocol p, net::PortRange ports, IcmpMatch icmp) {
  if (p.is_all()) return "all traffic";
  const auto pt = ports_text(p, ports, icmp);
  return pt == "all" ? fmt::format("{} (all)", p) : fmt::format("{} {}", p, pt);
}

std::string peer_text(const Topology& topo, const SgPeer& peer) {
  switch (peer.kind) {
    case SgPeerKind::cidr:
      return peer.cidr.to_string();
    case SgPeerKind::security_group:
      return topo.security_group(peer.group).id;
    case SgPeerKind::prefix_list:
      return topo.prefix_list(peer.prefix_list).id;
  }
  return "?";
}

std::string nacl_entry_text(const NaclEntry& e) {
  return fmt::format("#{} {} {} {}", e.rule_number,
                     e.action == RuleAction::allow ? "allow" : "deny",
                     traffic_text(e.protocol, e.ports, e.icmp), e.cidr);
}

}  // namespace vpcsim::model
