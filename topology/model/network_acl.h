#pragma once
// NetworkAcl: a stateless, ordered rule list per direction; subnets are associated with it.
// The implicit final "*" deny rule is not stored: evaluation applies it when nothing
// matches (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html).

#include <string>
#include <vector>

#include "topology/model/direction.h"
#include "topology/model/nacl_entry.h"
#include "topology/model/resource_index.h"

namespace vpcsim::model {

struct NetworkAcl {
  std::string id;
  std::string name;
  VpcIndex vpc;
  bool is_default = false;
  std::vector<NaclEntry> inbound;  // sorted by rule number once in a Topology
  std::vector<NaclEntry> outbound;

  const std::vector<NaclEntry>& entries(Direction d) const {
    return d == Direction::inbound ? inbound : outbound;
  }
  std::vector<NaclEntry>& entries(Direction d) {
    return d == Direction::inbound ? inbound : outbound;
  }
};

}  // namespace vpcsim::model
