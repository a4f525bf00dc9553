#pragma once
// The rule grammar shared by the topology (a network ACL's entries, a security group's rules)
// and the timeline (the entries and rules a change adds): protocol; ports, or ICMP type and
// code, as the protocol requires; then the CIDR or peer and what the kind of rule adds.

#include "topology/load/object_reader.h"
#include "topology/model/nacl_entry.h"
#include "topology/model/name_index.h"
#include "topology/model/sg_rule.h"

namespace vpcsim::load {

// A network ACL entry. The rule number is read as 0-65535: the range a rule may use (1-32766)
// is checked by validation for the topology and by the timeline reader for changes.
model::NaclEntry read_nacl_entry(ObjectReader& r);

// A security group rule. A "group" peer is looked up in `groups`, a "prefix_list" peer in
// `prefix_lists`.
model::SgRule read_sg_rule(ObjectReader& r, const model::NameIndex& groups,
                           const model::NameIndex& prefix_lists);

}  // namespace vpcsim::load
