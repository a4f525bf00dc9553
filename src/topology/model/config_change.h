#pragma once
// ConfigChange: one entry of the scenario's `timeline`: a configuration change applied at a
// simulated time (how revoked rules, replaced NACL entries and deleted NAT gateways are
// shown mid-connection).

#include <cstdint>
#include <string>

#include "sim/core/sim_time.h"
#include "topology/model/direction.h"
#include "topology/model/nacl_entry.h"
#include "topology/model/resource_index.h"
#include "topology/model/sg_rule.h"

namespace vpcsim::model {

enum class ChangeKind : std::uint8_t {
  authorize_sg_rule,
  revoke_sg_rule,
  replace_nacl_entry,  // creates the entry if its number is free
  delete_nacl_entry,
  associate_nacl,
  delete_nat_gateway,
};

struct ConfigChange {
  core::SimTime at;
  ChangeKind kind = ChangeKind::authorize_sg_rule;
  SgIndex security_group;
  NaclIndex network_acl;
  SubnetIndex subnet;
  NatIndex nat_gateway;
  Direction direction = Direction::inbound;
  SgRule sg_rule;
  NaclEntry nacl_entry;
  std::string pointer;  // JSON pointer of the change in its file
};

}  // namespace vpcsim::model
