#pragma once
// Security-group rule evaluation: the union of the allow rules of every group on the
// interface and SG references that match the members' private IPs only
// (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/security-group-rules.html); tracked
// vs untracked flows
// (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/security-group-connection-tracking.html).

#include "sim/path/packet.h"
#include "topology/model/direction.h"
#include "topology/model/topology.h"

namespace vpcsim::path {

struct SgDecision {
  bool allowed = false;
  model::SgIndex group;  // the group whose rule allowed it
  const model::SgRule* rule = nullptr;
  // Allowed by 0.0.0.0/0 with an all-open reverse rule: an untracked flow
  // (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/security-group-connection-tracking.html).
  bool untracked = false;
};

// Does `rule` (of a group, in direction `d`) admit packet `p` as seen at the interface?
// `references`: false for a packet a middlebox forwarded, whose security-group information
// is lost ("If you reference the security group of the other instance as the source, this
// does not allow traffic to flow between the instances",
// https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html): a rule whose
// peer is a group then matches nothing.
bool sg_rule_matches(const model::Topology& topo, const model::SgRule& rule, model::Direction d,
                     const Packet& p, bool references = true);

// Evaluates the interface's rules for a packet that is not part of a tracked connection.
SgDecision evaluate_sg(const model::Topology& topo, const model::Eni& eni, model::Direction d,
                       const Packet& p, bool references = true);

}  // namespace vpcsim::path
