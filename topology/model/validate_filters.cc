#include "topology/model/validation_check.h"

#include <map>
#include <set>
#include <utility>

namespace vpcsim::model {
namespace {

class FilterCheck : ValidationCheck {
 public:
  using ValidationCheck::ValidationCheck;
  void run() {
    network_acls();
    security_groups();
    prefix_lists();
  }

 private:
  void network_acls() {
    one_per_vpc<NaclIndex>(
        ResourceKind::network_acl, d_.network_acls, "default",
        [](const NetworkAcl& acl) { return acl.is_default ? acl.vpc : VpcIndex(); },
        [](const Vpc& v, const NetworkAcl& first) {
          return fmt::format("VPC {} already has default network ACL {}; a VPC has exactly one",
                             v.id, first.id);
        });
    for (std::uint32_t n = 0; n < d_.network_acls.size(); ++n) {
      const NaclIndex ni(n);
      const NetworkAcl& acl = d_.network_acls[n];
      for (const Direction d : {Direction::inbound, Direction::outbound}) {
        std::map<std::uint16_t, std::size_t> numbers;
        const auto& es = acl.entries(d);
        std::size_t v4 = 0, v6 = 0;
        for (const auto& e : es)
          ++(e.cidr.is_v4() ? v4 : v6);
        for (const auto& [family, count] : {std::pair{"IPv4", v4}, std::pair{"IPv6", v6}}) {
          // The default deny rule (*) counts too.
          if (count == 0 || count + 1 <= d_.quotas.network_acl_rules) continue;
          issue(ResourceKind::network_acl, ni, std::string(direction_name(d)),
                "network ACL {} has {} {} {} rules plus the * rule; the quota is {} per "
                "direction and IP family, the * rule included (raise it in \"quotas\", up to "
                "{}; https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html)",
                acl.id, count, direction_name(d), family, d_.quotas.network_acl_rules,
                Quotas::kMaxNaclRules);
        }
        for (std::size_t i = 0; i < es.size(); ++i) {
          const auto& e = es[i];
          const std::string f = fmt::format("{}/{}/rule", direction_name(d), i);
          if (e.rule_number < 1 || e.rule_number > 32766) {
            issue(ResourceKind::network_acl, ni, f,
                  "{} is not a valid rule number; expected 1 to 32766 (32767 and above are "
                  "reserved for the * rule)",
                  e.rule_number);
          } else if (const auto [it, fresh] = numbers.emplace(e.rule_number, i); !fresh) {
            issue(ResourceKind::network_acl, ni, f,
                  "rule number {} is already used by {} entry {} of network ACL {}; rule numbers "
                  "are unique per direction",
                  e.rule_number, direction_name(d), it->second, acl.id);
          }
        }
      }
    }
  }

  void security_groups() {
    one_per_vpc<SgIndex>(
        ResourceKind::security_group, d_.security_groups, "default",
        [](const SecurityGroup& sg) { return sg.is_default ? sg.vpc : VpcIndex(); },
        [](const Vpc& v, const SecurityGroup& first) {
          return fmt::format("VPC {} already has default security group {}", v.id, first.id);
        });
    // Same VPC, or a peered VPC in the same Region with an active connection
    // (https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-security-groups.html).
    std::set<std::pair<std::uint32_t, std::uint32_t>> peered;
    for (const auto& p : d_.peering_connections) {
      if (p.status != PeeringStatus::active || vpc(p.requester).region != vpc(p.accepter).region)
        continue;
      peered.emplace(p.requester.value(), p.accepter.value());
      peered.emplace(p.accepter.value(), p.requester.value());
    }
    for (std::uint32_t g = 0; g < d_.security_groups.size(); ++g) {
      const SgIndex gi(g);
      const SecurityGroup& sg = d_.security_groups[g];
      for (const Direction d : {Direction::inbound, Direction::outbound}) {
        const auto& rules = sg.rules(d);
        rule_quota(gi, sg, d);
        for (std::size_t i = 0; i < rules.size(); ++i) {
          const auto& r = rules[i];
          if (r.peer.kind != SgPeerKind::security_group) continue;
          const auto& other = d_.security_groups[r.peer.group.value()];
          if (other.vpc == sg.vpc) continue;
          if (!peered.contains({sg.vpc.value(), other.vpc.value()})) {
            issue(ResourceKind::security_group, gi,
                  fmt::format("{}/{}/group", direction_name(d), i),
                  "security group {} is in VPC {}; a rule of {} (VPC {}) can reference only groups "
                  "of its own VPC or of an actively peered VPC in the same Region",
                  other.id, vpc(other.vpc).id, sg.id, vpc(sg.vpc).id);
          }
        }
      }
    }
  }

  // A rule weighs 1, a prefix-list rule the list's maximum entries, counted per IP family
  // (https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html). AWS does
  // not say which family a group-reference rule counts in: vpcsim counts it in IPv4.
  void rule_quota(SgIndex gi, const SecurityGroup& sg, Direction d) {
    std::uint64_t v4 = 0, v6 = 0;
    for (const auto& r : sg.rules(d)) {
      switch (r.peer.kind) {
        case SgPeerKind::cidr:
          ++(r.peer.cidr.is_v4() ? v4 : v6);
          break;
        case SgPeerKind::security_group:
          ++v4;
          break;
        case SgPeerKind::prefix_list: {
          const auto& pl = d_.prefix_lists[r.peer.prefix_list.value()];
          const bool v6_list = !pl.entries.empty() && !pl.entries.front().is_v4();
          (v6_list ? v6 : v4) += pl.max_entries != 0 ? pl.max_entries : pl.entries.size();
          break;
        }
      }
    }
    for (const auto& [family, weight] : {std::pair{"IPv4", v4}, std::pair{"IPv6", v6}}) {
      if (weight <= d_.quotas.security_group_rules) continue;
      issue(ResourceKind::security_group, gi, std::string(direction_name(d)),
            "the {} {} rules of security group {} weigh {} (a prefix list counts as its "
            "max_entries); the quota is {} per direction and IP family (raise it in "
            "\"quotas\"; https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html)",
            direction_name(d), family, sg.id, weight, d_.quotas.security_group_rules);
    }
  }

  void prefix_lists() {
    for (std::uint32_t p = 0; p < d_.prefix_lists.size(); ++p) {
      const auto& pl = d_.prefix_lists[p];
      if (pl.max_entries != 0 && pl.entries.size() > pl.max_entries) {
        issue(ResourceKind::prefix_list, PrefixListIndex(p), "entries",
              "prefix list {} has {} entries but max_entries is {}", pl.id, pl.entries.size(),
              pl.max_entries);
      }
    }
  }
};

}  // namespace

void check_filters(const TopologyData& d, std::vector<ValidationIssue>& out) {
  FilterCheck(d, out).run();
}

}  // namespace vpcsim::model
