#pragma once
// NatGateway: source NAT for a VPC's private subnets
// (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html). It lives in a
// subnet as a network interface (owner nat_gateway, no security groups); a public one has
// an Elastic IP that the internet gateway maps its private IP to.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "topology/model/resource_index.h"
#include "topology/net/ip_address.h"

namespace vpcsim::model {

enum class NatConnectivity : std::uint8_t { public_nat, private_nat };
enum class NatState : std::uint8_t { available, deleted };

// A secondary address: a private IP of the gateway's interface and, on a public gateway, the
// Elastic IP the internet gateway maps it to. Each address carries up to 55,000 connections
// to each unique destination; up to 8 addresses in all
// (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html).
struct NatAddress {
  net::IpAddress private_ip;
  std::optional<net::IpAddress> elastic_ip;
};

struct NatGateway {
  static constexpr std::size_t kMaxSecondaryAddresses = 7;

  std::string id;
  std::string name;
  SubnetIndex subnet;
  EniIndex eni;
  NatConnectivity connectivity = NatConnectivity::public_nat;
  std::optional<net::IpAddress> elastic_ip;  // the primary address's
  std::vector<NatAddress> secondary;
  NatState state = NatState::available;

  // The Elastic IP of private address `a` (`primary` being the interface's primary address);
  // nullopt when `a` has none.
  std::optional<net::IpAddress> elastic_ip_of(const net::IpAddress& primary,
                                              const net::IpAddress& a) const {
    if (a == primary) return elastic_ip;
    for (const auto& s : secondary)
      if (s.private_ip == a) return s.elastic_ip;
    return std::nullopt;
  }
  // The private address whose Elastic IP is `eip`.
  net::IpAddress private_ip_of(const net::IpAddress& primary, const net::IpAddress& eip) const {
    for (const auto& s : secondary)
      if (s.elastic_ip == eip) return s.private_ip;
    return primary;
  }
};

}  // namespace vpcsim::model
