#pragma once
// Verdict: the decision that dropped a packet. Why, as a DropReason (named after AWS
// Reachability Analyzer's explanation codes,
// https://docs.aws.amazon.com/vpc/latest/reachability/explanation-codes.html), the id of the
// resource that decided it (sg-…, acl-…, rtb-…, nat-…, pcx-…) and its deciding rule ("#100",
// "*", "no matching rule", a route's destination). The code and layer are derived from the
// reason when printed. Empty (DropReason::none) when nothing dropped the packet.

#include <string>
#include <string_view>

#include "sim/path/drop_reason.h"

namespace vpcsim::path {

struct Verdict {
  DropReason reason = DropReason::none;
  std::string resource;  // the deciding resource's id
  std::string rule;      // the deciding rule

  bool dropped() const { return reason != DropReason::none; }
  // The explanation code, e.g. "SUBNET_ACL_RESTRICTION"; "-" when not dropped.
  std::string_view code() const { return path::code(reason); }
  // "sg", "nacl", "route", "igw", "nat", "peering", "eni"; "-" when not dropped.
  std::string_view layer() const { return path::layer(reason); }
};

}  // namespace vpcsim::path
