#include "topology/model/config_change.h"

#include <algorithm>

#include <fmt/format.h>

#include "topology/model/rule_text.h"

namespace vpcsim::model {
namespace {

// AWS identifies a rule to revoke by its content (protocol, ports, peer), not its text.
bool same_rule(const SgRule& a, const SgRule& b) {
  return a.protocol == b.protocol && a.ports == b.ports && a.icmp == b.icmp && a.peer == b.peer;
}

}  // namespace

std::string_view change_kind_name(ChangeKind k) {
  switch (k) {
    case ChangeKind::authorize_sg_rule:
      return "authorize_sg_rule";
    case ChangeKind::revoke_sg_rule:
      return "revoke_sg_rule";
    case ChangeKind::replace_nacl_entry:
      return "replace_nacl_entry";
    case ChangeKind::delete_nacl_entry:
      return "delete_nacl_entry";
    case ChangeKind::associate_nacl:
      return "associate_nacl";
    case ChangeKind::delete_nat_gateway:
      return "delete_nat_gateway";
  }
  return "?";
}

std::string apply_change(TopologyData& data, const ConfigChange& c) {
  switch (c.kind) {
    case ChangeKind::authorize_sg_rule: {
      auto& rules = data.security_groups[c.security_group.value()].rules(c.direction);
      if (std::any_of(rules.begin(), rules.end(),
                      [&](const SgRule& r) { return same_rule(r, c.sg_rule); })) {
        return "the group already has this rule (InvalidPermission.Duplicate)";
      }
      rules.push_back(c.sg_rule);
      return {};
    }
    case ChangeKind::revoke_sg_rule: {
      auto& rules = data.security_groups[c.security_group.value()].rules(c.direction);
      const auto it = std::find_if(rules.begin(), rules.end(),
                                   [&](const SgRule& r) { return same_rule(r, c.sg_rule); });
      if (it == rules.end()) {
        return fmt::format("{} has no such {} rule (InvalidPermission.NotFound)",
                           data.security_groups[c.security_group.value()].id,
                           direction_name(c.direction));
      }
      rules.erase(it);
      return {};
    }
    case ChangeKind::replace_nacl_entry:
    case ChangeKind::delete_nacl_entry: {
      auto& entries = data.network_acls[c.network_acl.value()].entries(c.direction);
      const auto it = std::find_if(entries.begin(), entries.end(), [&](const NaclEntry& e) {
        return e.rule_number == c.nacl_entry.rule_number;
      });
      if (c.kind == ChangeKind::delete_nacl_entry) {
        if (it == entries.end()) {
          return fmt::format("{} has no {} entry #{} (InvalidNetworkAclEntry.NotFound)",
                             data.network_acls[c.network_acl.value()].id,
                             direction_name(c.direction), c.nacl_entry.rule_number);
        }
        entries.erase(it);
        return {};
      }
      if (it == entries.end()) {
        const auto pos = std::lower_bound(
            entries.begin(), entries.end(), c.nacl_entry,
            [](const NaclEntry& a, const NaclEntry& b) { return a.rule_number < b.rule_number; });
        entries.insert(pos, c.nacl_entry);
      } else {
        *it = c.nacl_entry;
      }
      return {};
    }
    case ChangeKind::associate_nacl:
      data.subnets[c.subnet.value()].network_acl = c.network_acl;
      return {};
    case ChangeKind::delete_nat_gateway: {
      auto& nat = data.nat_gateways[c.nat_gateway.value()];
      if (nat.state == NatState::deleted) return fmt::format("{} is already deleted", nat.id);
      nat.state = NatState::deleted;
      for (auto& rtb : data.route_tables) {
        for (auto& r : rtb.routes) {
          if (r.target.kind == RouteTargetKind::nat_gateway &&
              r.target.index == c.nat_gateway.value()) {
            r.state = RouteState::blackhole;
          }
        }
      }
      return {};
    }
  }
  return "unknown change";
}

}  // namespace vpcsim::model
