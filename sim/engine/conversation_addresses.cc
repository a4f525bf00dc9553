#include "sim/engine/conversation_addresses.h"

#include "topology/net/protocol.h"

namespace vpcsim::engine {
namespace {

bool reaches_privately(const model::Topology& t, model::EniIndex a, model::EniIndex b) {
  const auto va = t.vpc_of(a), vb = t.vpc_of(b);
  if (va == vb) return true;
  for (const auto& p : t.peering_connections()) {
    if (p.joins(va) && p.other(va) == vb) return true;
  }
  return false;
}

}  // namespace

ConversationAddresses conversation_addresses(const model::Topology& t, const model::Endpoint& from,
                                             const model::Endpoint& to, net::Protocol protocol) {
  const bool v6 = protocol == net::Protocol::icmpv6() || (from.address && from.address->is_v6()) ||
                  (to.address && to.address->is_v6());
  const auto own_address = [&](const model::Endpoint& ep) {
    if (ep.address) return *ep.address;
    if (ep.is_internet()) return model::Endpoint::default_internet_host();
    const auto& eni = t.eni(ep.eni);
    return v6 && !eni.ipv6_addresses.empty() ? eni.ipv6_addresses.front() : eni.primary_ip();
  };
  ConversationAddresses a{own_address(from), {}};
  if (to.address || to.is_internet() || v6) {
    a.server = own_address(to);
  } else {
    const auto& server = t.eni(to.eni);
    const bool inside = !from.is_internet() && reaches_privately(t, from.eni, to.eni);
    a.server = !inside && server.public_ip ? *server.public_ip : server.primary_ip();
  }
  return a;
}

net::PortRange client_ports(const model::Topology& t, const model::Endpoint& from) {
  return from.is_internet() ? model::EphemeralPorts::linux_kernel()
                            : t.eni(from.eni).ephemeral_ports;
}

}  // namespace vpcsim::engine
