#pragma once
// PeeringConnection: a VPC peering connection between two VPCs of the model
// (https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html).

#include <cstdint>
#include <string>

#include "topology/model/resource_index.h"

namespace vpcsim::model {

enum class PeeringStatus : std::uint8_t { active, pending_acceptance, deleted };

struct PeeringConnection {
  std::string id;
  std::string name;
  VpcIndex requester;
  VpcIndex accepter;
  PeeringStatus status = PeeringStatus::active;

  bool joins(VpcIndex v) const { return v == requester || v == accepter; }
  VpcIndex other(VpcIndex v) const { return v == requester ? accepter : requester; }
};

}  // namespace vpcsim::model
