#pragma once
// Vpc: a virtual private cloud: IPv4 CIDR blocks (primary first), optional IPv6 block.

#include <string>
#include <vector>

#include "topology/net/ip_prefix.h"

namespace vpcsim::model {

struct Vpc {
  std::string id;
  std::string name;
  std::vector<net::IpPrefix> cidrs;       // IPv4; cidrs[0] is the primary CIDR
  std::vector<net::IpPrefix> ipv6_cidrs;  // at most one in practice (a /56)
  std::string region;
  std::string account_id;

  bool has_ipv6() const { return !ipv6_cidrs.empty(); }
  bool contains(const net::IpAddress& a) const {
    for (const auto& c : a.is_v4() ? cidrs : ipv6_cidrs) {
      if (c.contains(a)) return true;
    }
    return false;
  }
  // The VPC's Route 53 Resolver: the primary CIDR's base plus two
  // (https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html).
  net::IpAddress resolver_address() const { return cidrs.front().network().plus(2); }
};

}  // namespace vpcsim::model
