#pragma once
// ConfigChange: one entry of the scenario's `timeline`: a configuration change applied at a
// simulated time (how revoked rules, replaced NACL entries and deleted NAT gateways are
// shown mid-connection).

#include <cstdint>
#include <string>

#include "topology/model/direction.h"
#include "topology/model/nacl_entry.h"
#include "topology/model/resource_index.h"
#include "topology/model/sg_rule.h"
#include "topology/model/topology_data.h"
#include "topology/net/sim_time.h"

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
  net::SimTime at{};
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

// Applies `c` to `data` as the AWS API would. Returns an empty string, or the reason AWS
// would refuse the call (e.g. revoking a rule the group does not have:
// InvalidPermission.NotFound) — `data` is then unchanged. Deleting a NAT gateway turns
// every route to it into a blackhole
// (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html).
std::string apply_change(TopologyData& data, const ConfigChange& c);

// "revoke_sg_rule", "replace_nacl_entry", …
std::string_view change_kind_name(ChangeKind k);

}  // namespace vpcsim::model
