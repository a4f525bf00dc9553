#pragma once
// Quotas: the account's VPC quotas that decide what AWS refuses
// (https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html). The defaults are
// AWS's; users raise them, within AWS's maxima, in a scenario's `quotas`.
//  - Inbound or outbound rules per security group: 60, "enforced separately for IPv4 rules
//    and IPv6 rules"; a rule referencing a customer-managed prefix list counts as the list's
//    maximum number of entries
//    (https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html).
//  - Rules per network ACL: 20, "a one-way quota", per IP family, including the default deny
//    rule; at most 40.
//  - Security groups per network interface: 5, at most 16; "This quota multiplied by the quota
//    for rules per security group cannot exceed 1,000."

#include <cstdint>

namespace vpcsim::model {

struct Quotas {
  static constexpr std::uint32_t kMaxSgRulesTimesGroups = 1000;
  static constexpr std::uint32_t kMaxNaclRules = 40;
  static constexpr std::uint32_t kMaxGroupsPerInterface = 16;

  std::uint32_t security_group_rules = 60;  // per direction and IP family
  std::uint32_t network_acl_rules = 20;     // per direction and IP family, * included
  std::uint32_t security_groups_per_interface = 5;
};

}  // namespace vpcsim::model
