#pragma once
// The fields of a network interface, as "enis" and "instances" entries give them: subnet,
// addresses, tags, security groups, source/destination check, connection-tracking timeouts,
// owner and ephemeral port range.

#include "topology/load/declared_names.h"
#include "topology/load/object_reader.h"
#include "topology/model/eni.h"

namespace vpcsim::load {

// Subnet through conntrack; the subnet and security groups are looked up in `names`.
void read_eni_fields(ObjectReader& r, model::Eni& e, const DeclaredNames& names);

// "owner": {"type", "id"} of an entry of "enis"; the type sets the default ephemeral ports.
void read_eni_owner(ObjectReader& r, model::Eni& e);

// "os" and "ephemeral_ports": the range the owner picks client ports from.
void read_ephemeral_ports(ObjectReader& r, model::Eni& e);

}  // namespace vpcsim::load
