#pragma once
// Subnet: a CIDR inside a VPC in one Availability Zone, with an explicit route table and
// network ACL association or none (then the VPC's main route table and default NACL apply).

#include <optional>
#include <string>

#include "topology/model/resource_index.h"
#include "topology/net/ip_prefix.h"

namespace vpcsim::model {

struct Subnet {
  std::string id;
  std::string name;
  VpcIndex vpc;
  net::IpPrefix cidr;
  std::optional<net::IpPrefix> ipv6_cidr;
  std::string az;               // e.g. us-east-1a
  std::string az_id;            // e.g. use1-az1
  RouteTableIndex route_table;  // explicit association; invalid = main route table
  NaclIndex network_acl;        // explicit association; invalid = default NACL

  // AWS reserves the first four addresses and the last one of every subnet
  // (https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html).
  bool is_reserved(const net::IpAddress& a) const {
    if (!cidr.contains(a)) return false;
    const auto base = cidr.network();
    return a == base || a == base.plus(1) || a == base.plus(2) || a == base.plus(3) ||
           a == cidr.last();
  }
};

}  // namespace vpcsim::model
