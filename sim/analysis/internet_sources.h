#pragma once
// Internet sources: which public addresses can reach a destination. "The internet" is not
// one host: a group open to 198.51.100.0/24 admits those addresses and no others. The public
// address space (IPv4, or IPv6 global unicast 2000::/3 for an IPv6 destination) is cut at
// every CIDR boundary that the topology's security group rules,
// network ACL entries, routes and prefix lists name (and at the private and special ranges,
// which are never internet sources): inside one interval every rule decides alike, so one
// reach() probe from its first address answers for all of it, request and reply both (the
// same idea as the port cuts of reach.h).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/analysis/reach.h"
#include "topology/model/endpoint.h"
#include "topology/model/topology.h"
#include "topology/net/ip_prefix.h"

namespace vpcsim::analysis {

struct InternetSources {
  std::vector<net::IpPrefix> reachable;  // the sources that get through, as CIDR blocks
  std::size_t intervals = 0;             // public intervals probed
  std::size_t reachable_intervals = 0;   // of which reachable
  std::optional<ReachAnswer> example;    // a reachable probe's answer, when one is
  bool every_source() const { return intervals > 0 && reachable_intervals == intervals; }
};

// Every public source of `to`'s family (the address a conversation to it uses) that reaches
// it with `protocol` (and destination `port`).
InternetSources internet_sources(const model::Topology& t, const model::Endpoint& to,
                                 net::Protocol protocol, std::uint16_t port);

// The port space from the internet: each public source range with the ports it reaches (one
// entry per range of sources that reach the same ports, in address order, none for sources
// that reach nothing), and their union, "what the internet can reach".
struct InternetPortSpace {
  struct Sources {
    std::vector<net::IpPrefix> from;
    PortSpace ports;
    std::size_t intervals = 0;  // public intervals in `from`
  };
  std::vector<Sources> by_source;
  PortSpace any;              // every port some public source reaches
  std::size_t intervals = 0;  // public intervals probed
};
InternetPortSpace internet_port_space(const model::Topology& t, const model::Endpoint& to);

// "198.51.100.0/24, 203.0.113.0/25"; "none".
std::string prefixes_text(const std::vector<net::IpPrefix>& prefixes);

}  // namespace vpcsim::analysis
