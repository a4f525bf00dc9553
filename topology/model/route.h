#pragma once
// Route: one entry of a route table: destination prefix → target, with its origin (static
// or propagated) and state (active or blackhole).

#include <cstdint>
#include <string>
#include <string_view>

#include "topology/model/resource_index.h"
#include "topology/net/ip_prefix.h"

namespace vpcsim::model {

enum class RouteTargetKind : std::uint8_t {
  local,
  internet_gateway,
  egress_only_internet_gateway,
  nat_gateway,
  peering_connection,
  network_interface,
  unmodelled,  // a transit gateway, VPN gateway, endpoint …: kept, behaviour not modelled yet
  blackhole,
};
std::string_view target_kind_name(RouteTargetKind k);  // "local", "igw", "nat", …

// On an identical prefix a static route beats one made from a prefix list, which beats a
// propagated one (https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html).
enum class RouteOrigin : std::uint8_t { static_route, prefix_list, propagated };
enum class RouteState : std::uint8_t { active, blackhole };

struct RouteTarget {
  RouteTargetKind kind = RouteTargetKind::local;
  std::uint32_t index = 0;  // into the table of `kind` (unused for local / blackhole)
  std::string id;           // the target's id as written, for messages ("igw-0abc", "local")

  IgwIndex igw() const { return IgwIndex(index); }
  EigwIndex eigw() const { return EigwIndex(index); }
  NatIndex nat() const { return NatIndex(index); }
  PeeringIndex peering() const { return PeeringIndex(index); }
  EniIndex eni() const { return EniIndex(index); }
  std::uint32_t unmodelled() const { return index; }  // into TopologyData::unmodelled
};

struct Route {
  net::IpPrefix destination;
  RouteTarget target;
  RouteOrigin origin = RouteOrigin::static_route;
  RouteState state = RouteState::active;
  // The prefix list whose entry `destination` is (origin prefix_list): a route to a prefix
  // list is one route per entry
  // (https://docs.aws.amazon.com/vpc/latest/userguide/managed-prefix-lists.html).
  PrefixListIndex prefix_list;
};

}  // namespace vpcsim::model
