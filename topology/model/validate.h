#pragma once
// validate(): every check AWS applies when the configuration is created, over data that
// already has its references resolved (a loader reports dangling references itself).

#include <vector>

#include "topology/model/topology_data.h"
#include "topology/model/validation_issue.h"

namespace vpcsim::model {

std::vector<ValidationIssue> validate(const TopologyData& data);

// The native-format field name of an ENI's i-th private IPv4 address ("private_ip" for
// the primary, "secondary_private_ips/<i-1>" after it).
std::string private_ip_field(std::size_t i);

}  // namespace vpcsim::model
