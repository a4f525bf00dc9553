#pragma once
// Differential reachability between two versions of a design (`vpcsim diff`): for every
// pair of endpoints present in both (matched by name, else id), which protocols and ports
// it gained or lost, and the rule responsible: for a loss, what blocks it now; for a gain,
// what blocked it before.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "topology/model/topology.h"
#include "topology/net/port_range.h"
#include "topology/net/protocol.h"

namespace vpcsim::analysis {

struct ReachChange {
  std::string from;
  std::string to;
  bool gained = false;                // else lost
  net::Protocol protocol;             // tcp, udp, or icmp/icmpv6 (echo)
  std::vector<net::PortRange> ports;  // empty for icmp
  std::string because;                // "acl-db #90 (SUBNET_ACL_RESTRICTION)" …
};

struct DiffQuery {
  std::optional<std::uint16_t> port;  // one TCP port; none: the whole port space
  bool internet = false;
};

std::vector<ReachChange> design_diff(const model::Topology& before, const model::Topology& after,
                                     const DiffQuery& q);

// Ports in `a` and not in `b` (both sorted, disjoint).
std::vector<net::PortRange> subtract(const std::vector<net::PortRange>& a,
                                     const std::vector<net::PortRange>& b);

}  // namespace vpcsim::analysis
