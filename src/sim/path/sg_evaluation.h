#pragma once
// Security-group rule evaluation (aws-semantics §2.2, §2.4.1, §2.5): the union of the allow
// rules of every group on the interface; SG references match the members' private IPs
// only; tracked vs untracked flows.

#include "sim/path/packet.h"
#include "topology/model/direction.h"
#include "topology/model/topology.h"

namespace vpcsim::path {

struct SgDecision {
  bool allowed = false;
  model::SgIndex group;  // the group whose rule allowed it
  const model::SgRule* rule = nullptr;
  bool untracked = false;  // §2.4.1: allowed by 0.0.0.0/0 with an all-open reverse rule
};

// Does `rule` (of a group, in direction `d`) admit packet `p` as seen at the interface?
bool sg_rule_matches(const model::Topology& topo, const model::SgRule& rule, model::Direction d,
                     const Packet& p);

// Evaluates the interface's rules for a packet that is not part of a tracked connection.
SgDecision evaluate_sg(const model::Topology& topo, const model::Eni& eni, model::Direction d,
                       const Packet& p);

}  // namespace vpcsim::path
