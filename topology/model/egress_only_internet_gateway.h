#pragma once
// EgressOnlyInternetGateway: stateful outbound-only IPv6 gateway of one VPC
// (https://docs.aws.amazon.com/vpc/latest/userguide/egress-only-internet-gateway.html).

#include <string>

#include "topology/model/resource_index.h"

namespace vpcsim::model {

struct EgressOnlyInternetGateway {
  std::string id;
  std::string name;
  VpcIndex vpc;
};

}  // namespace vpcsim::model
