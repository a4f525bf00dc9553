#pragma once
// InternetGateway: 1:1 NAT between private and public addresses for one VPC
// (https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html).

#include <string>

#include "topology/model/resource_index.h"

namespace vpcsim::model {

struct InternetGateway {
  std::string id;
  std::string name;
  VpcIndex vpc;  // attachment; invalid = detached
};

}  // namespace vpcsim::model
