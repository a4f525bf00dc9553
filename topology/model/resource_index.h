#pragma once
// Typed indexes of the model's resource tables, and ResourceRef: (kind, index) naming any
// resource, used by validation to say which resource an issue belongs to.

#include <cstdint>
#include <string_view>

#include "topology/net/strong_index.h"

namespace vpcsim::model {

using VpcIndex = net::StrongIndex<struct VpcTag>;
using SubnetIndex = net::StrongIndex<struct SubnetTag>;
using RouteTableIndex = net::StrongIndex<struct RouteTableTag>;
using NaclIndex = net::StrongIndex<struct NaclTag>;
using SgIndex = net::StrongIndex<struct SgTag>;
using PrefixListIndex = net::StrongIndex<struct PrefixListTag>;
using EniIndex = net::StrongIndex<struct EniTag>;
using IgwIndex = net::StrongIndex<struct IgwTag>;
using EigwIndex = net::StrongIndex<struct EigwTag>;
using NatIndex = net::StrongIndex<struct NatTag>;
using PeeringIndex = net::StrongIndex<struct PeeringTag>;

enum class ResourceKind : std::uint8_t {
  vpc,
  subnet,
  route_table,
  network_acl,
  security_group,
  prefix_list,
  network_interface,
  internet_gateway,
  egress_only_internet_gateway,
  nat_gateway,
  peering_connection,
};

// A human word for the kind, as used in messages ("subnet", "security group").
std::string_view kind_name(ResourceKind k);

struct ResourceRef {
  ResourceKind kind;
  std::uint32_t index;
  friend constexpr bool operator==(const ResourceRef&, const ResourceRef&) = default;
};

template <class Index>
constexpr ResourceRef ref(ResourceKind k, Index i) {
  return ResourceRef{k, i.value()};
}

}  // namespace vpcsim::model
