#pragma once
// Which addresses a conversation between two endpoints uses, and which source ports its
// client picks from: the same for simulated traffic and for reachability probes.
//  - The client sends from the address its endpoint names, else its primary private IP
//    (an internet host: 203.0.113.5).
//  - It sends to the address the server's endpoint names; an interface named without one is
//    reached at its private IP from its own VPC or a peered one, else at its public IP when
//    it has one.
//  - IPv6 when the protocol is ICMPv6 or either endpoint names an IPv6 address.
//  - Source ports: the client interface's ephemeral range
//    (https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html); an
//    internet host uses Linux's.

#include <cstdint>

#include "topology/model/endpoint.h"
#include "topology/model/topology.h"
#include "topology/net/ip_address.h"
#include "topology/net/port_range.h"
#include "topology/net/protocol.h"

namespace vpcsim::engine {

struct ConversationAddresses {
  net::IpAddress client;
  net::IpAddress server;
};

ConversationAddresses conversation_addresses(const model::Topology& t, const model::Endpoint& from,
                                             const model::Endpoint& to, net::Protocol protocol);

net::PortRange client_ports(const model::Topology& t, const model::Endpoint& from);

}  // namespace vpcsim::engine
