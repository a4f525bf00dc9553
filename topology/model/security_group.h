#pragma once
// SecurityGroup: stateful allow rules per direction, attached to network interfaces.

#include <string>
#include <vector>

#include "topology/model/direction.h"
#include "topology/model/resource_index.h"
#include "topology/model/sg_rule.h"

namespace vpcsim::model {

struct SecurityGroup {
  std::string id;
  std::string name;
  VpcIndex vpc;
  std::string description;
  bool is_default = false;  // the VPC's "default" group
  std::vector<SgRule> inbound;
  std::vector<SgRule> outbound;

  const std::vector<SgRule>& rules(Direction d) const {
    return d == Direction::inbound ? inbound : outbound;
  }
  std::vector<SgRule>& rules(Direction d) { return d == Direction::inbound ? inbound : outbound; }
};

}  // namespace vpcsim::model
