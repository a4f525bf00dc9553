#pragma once
// InternetGateway: 1:1 NAT between private and public addresses for one VPC (§4.2).

#include <string>

#include "topology/model/resource_index.h"

namespace vpcsim::model {

struct InternetGateway {
  std::string id;
  std::string name;
  VpcIndex vpc;  // attachment; invalid = detached
};

}  // namespace vpcsim::model
