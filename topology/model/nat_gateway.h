#pragma once
// NatGateway: source NAT for a VPC's private subnets
// (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html). It lives in a
// subnet as a network interface (owner nat_gateway, no security groups); a public one has
// an Elastic IP that the internet gateway maps its private IP to.

#include <cstdint>
#include <optional>
#include <string>

#include "topology/model/resource_index.h"
#include "topology/net/ip_address.h"

namespace vpcsim::model {

enum class NatConnectivity : std::uint8_t { public_nat, private_nat };
enum class NatState : std::uint8_t { available, deleted };

struct NatGateway {
  std::string id;
  std::string name;
  SubnetIndex subnet;
  EniIndex eni;
  NatConnectivity connectivity = NatConnectivity::public_nat;
  std::optional<net::IpAddress> elastic_ip;
  NatState state = NatState::available;
};

}  // namespace vpcsim::model
