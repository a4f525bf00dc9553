// SecurityGroups (IpPermissions, IpPermissionsEgress), the flat SecurityGroupRules form, and
// PrefixLists of an AWS snapshot (resource_readers.h). Fields:
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html,
// API_SecurityGroupRule.html, API_PrefixList.html.

#include <set>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>

#include "topology/load/aws/resource_readers.h"

namespace vpcsim::load::aws {
namespace {

using nlohmann::json;

struct Groups {
  std::unordered_map<std::string, std::string> vpc;       // group id → its VPC
  std::unordered_map<std::string, bool> has_permissions;  // group id → lists IpPermissions
  std::set<std::pair<std::string, std::string>> peered;   // VPC pairs of active peerings
};

// Protocol, and ports or ICMP type/code, of an IpPermission or SecurityGroupRule: "-1" is all
// traffic; for ICMP, FromPort is the type and ToPort the code, -1 meaning all.
bool protocol_fields(ImportContext& ctx, const AwsRecord& r, const std::string& sub,
                     const std::string& id, const json& p, json& rule) {
  const auto proto_it = p.find("IpProtocol");
  if (proto_it == p.end() || !(proto_it->is_string() || proto_it->is_number_integer())) {
    ctx.warn(r, sub, id, "a rule without an IpProtocol; left out");
    return false;
  }
  const auto proto = proto_it->is_string() ? proto_it->get<std::string>()
                                           : std::to_string(proto_it->get<std::int64_t>());
  rule["protocol"] = proto;
  const auto port = [&](const char* key) -> std::optional<std::int64_t> {
    const auto it = p.find(key);
    if (it == p.end() || !it->is_number_integer()) return std::nullopt;
    return it->get<std::int64_t>();
  };
  const auto from = port("FromPort"), to = port("ToPort");
  if (proto == "tcp" || proto == "udp" || proto == "6" || proto == "17") {
    // Absent or -1 ports on TCP/UDP: all ports, as the console shows them.
    if (!from || !to || *from == -1) {
      rule["ports"] = "all";
    } else {
      rule["ports"] = fmt::format("{}-{}", *from, *to);
    }
  } else if (proto == "icmp" || proto == "1" || proto == "icmpv6" || proto == "58") {
    rule["icmp_type"] = from.value_or(-1);
    rule["icmp_code"] = to.value_or(-1);
  }
  return true;
}

// The group a rule references, or "" (with a warning) when the snapshot lacks it: such a
// rule admits no interface vpcsim knows, so it is left out.
std::string referenced_group(ImportContext& ctx, const AwsRecord& r, const std::string& sub,
                             const std::string& id, const std::string& group,
                             const std::string& user, const Groups& groups,
                             const std::string& own) {
  if (const auto it = groups.vpc.find(group); it != groups.vpc.end()) {
    // A rule may reference a group of its own VPC or of a peered one
    // (https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html).
    if (it->second == own || groups.peered.contains({own, it->second})) return group;
    ctx.warn(r, sub, id,
             fmt::format("references {} of {}, which is not peered with {} (AWS refuses such a "
                         "rule); left out",
                         group, it->second, own));
    return "";
  }
  ctx.warn(r, sub, id,
           fmt::format("references {}{}, which is not in the snapshot; the rule matches no "
                       "interface and is left out",
                       group, user.empty() ? "" : fmt::format(" of account {}", user)));
  return "";
}

// One IpPermission: a rule per peer it lists.
void permission_rules(ImportContext& ctx, const AwsRecord& r, const std::string& sub,
                      const std::string& id, const json& p, const Groups& groups, json& out) {
  json base = json::object();
  if (!p.is_object() || !protocol_fields(ctx, r, sub, id, p, base)) return;
  const auto each = [&](const char* list, auto&& peer) {
    const auto it = p.find(list);
    if (it == p.end() || !it->is_array()) return;
    for (std::size_t k = 0; k < it->size(); ++k) {
      json rule = base;
      if (!peer((*it)[k], fmt::format("{}/{}/{}", sub, list, k), rule)) continue;
      if (auto d = text((*it)[k], "Description"); !d.empty()) rule["description"] = d;
      out.push_back(std::move(rule));
    }
  };
  each("IpRanges", [&](const json& x, const std::string&, json& rule) {
    rule["cidr"] = text(x, "CidrIp");
    return true;
  });
  each("Ipv6Ranges", [&](const json& x, const std::string&, json& rule) {
    rule["cidr"] = text(x, "CidrIpv6");
    return true;
  });
  each("PrefixListIds", [&](const json& x, const std::string& at, json& rule) {
    const auto pl = text(x, "PrefixListId");
    if (!ctx.has(pl)) {
      ctx.warn(r, at, id,
               fmt::format("references prefix list {}, whose entries are not in the snapshot; "
                           "the rule is left out",
                           pl));
      return false;
    }
    rule["prefix_list"] = pl;
    return true;
  });
  each("UserIdGroupPairs", [&](const json& x, const std::string& at, json& rule) {
    const auto g = referenced_group(ctx, r, at, id, text(x, "GroupId"), text(x, "UserId"), groups,
                                    text(*r.value, "VpcId"));
    if (g.empty()) return false;
    rule["group"] = g;
    return true;
  });
}

}  // namespace

void read_prefix_lists(ImportContext& ctx) {
  for (const auto* kind : {"PrefixLists", "ManagedPrefixLists"}) {
    for (const auto& r : ctx.snapshot().of(kind)) {
      const auto id = text(*r.value, "PrefixListId");
      if (id.empty() || ctx.has(id)) continue;  // the same list from both calls
      const auto cidrs = r.value->find("Cidrs");
      if (cidrs == r.value->end() || !cidrs->is_array()) {
        ctx.warn(r, "", id,
                 "the entries of this prefix list are not in the snapshot (get-managed-prefix-"
                 "list-entries output names no list); rules that reference it are left out");
        continue;
      }
      json out = {{"id", id}, {"entries", *cidrs}};
      ctx.add("prefix_lists", std::move(out), r);
    }
  }
}

void read_security_groups(ImportContext& ctx) {
  const auto& records = ctx.snapshot().of("SecurityGroups");
  const auto names = usable_names(ctx, records);
  Groups groups;
  groups.peered = active_peerings(ctx);
  for (const auto& r : records) {
    const auto id = text(*r.value, "GroupId");
    groups.vpc.emplace(id, text(*r.value, "VpcId"));
    groups.has_permissions.emplace(
        id, r.value->contains("IpPermissions") || r.value->contains("IpPermissionsEgress"));
  }
  // The flat form (describe-security-group-rules), for groups listed without permissions.
  std::unordered_map<std::string, std::pair<json, json>> flat;  // group → inbound, outbound
  for (const auto& r : ctx.snapshot().of("SecurityGroupRules")) {
    const auto& x = *r.value;
    const auto group = text(x, "GroupId");
    const auto rule_id = text(x, "SecurityGroupRuleId");
    const auto it = groups.has_permissions.find(group);
    if (it == groups.has_permissions.end()) {
      ctx.warn(r, "/GroupId", rule_id,
               fmt::format("a rule of {}, which is not in the snapshot; left out", group));
      continue;
    }
    if (it->second) continue;  // the group's IpPermissions say the same
    json rule = json::object();
    if (!protocol_fields(ctx, r, "", rule_id, x, rule)) continue;
    if (auto c = text(x, "CidrIpv4"); !c.empty()) rule["cidr"] = c;
    if (auto c = text(x, "CidrIpv6"); !c.empty()) rule["cidr"] = c;
    if (auto pl = text(x, "PrefixListId"); !pl.empty()) {
      if (!ctx.has(pl)) {
        ctx.warn(r, "/PrefixListId", rule_id,
                 fmt::format("references prefix list {}, whose entries are not in the "
                             "snapshot; left out",
                             pl));
        continue;
      }
      rule["prefix_list"] = pl;
    }
    if (const auto ref = x.find("ReferencedGroupInfo"); ref != x.end() && ref->is_object()) {
      const auto g =
          referenced_group(ctx, r, "/ReferencedGroupInfo", rule_id, text(*ref, "GroupId"),
                           text(*ref, "UserId"), groups, groups.vpc.at(group));
      if (g.empty()) continue;
      rule["group"] = g;
    }
    if (!rule_id.empty()) rule["id"] = rule_id;
    if (auto d = text(x, "Description"); !d.empty()) rule["description"] = d;
    auto& [in, out] = flat[group];
    if (in.is_null()) in = json::array();
    if (out.is_null()) out = json::array();
    (flag(x, "IsEgress") ? out : in).push_back(std::move(rule));
  }
  std::set<std::string> defaults;  // VPCs whose default group is read
  for (std::size_t i = 0; i < records.size(); ++i) {
    const auto& r = records[i];
    const auto& g = *r.value;
    const auto id = text(g, "GroupId");
    json out = {{"id", id}, {"vpc", text(g, "VpcId")}};
    // The group's name is its GroupName when unique, else its Name tag.
    if (!names[i].empty()) out["name"] = names[i];
    if (auto d = text(g, "Description"); !d.empty()) out["description"] = d;
    // One default group per VPC
    // (https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html).
    if (text(g, "GroupName") == "default") {
      if (defaults.insert(text(g, "VpcId")).second) {
        out["default"] = true;
      } else {
        ctx.warn(r, "/GroupName", id,
                 "a second group named \"default\" in its VPC, which AWS does not allow; read "
                 "as an ordinary group");
      }
    }
    json inbound = json::array(), outbound = json::array();
    for (const auto& [key, list] :
         {std::pair{"IpPermissions", &inbound}, std::pair{"IpPermissionsEgress", &outbound}}) {
      const auto ps = g.find(key);
      if (ps == g.end() || !ps->is_array()) continue;
      for (std::size_t k = 0; k < ps->size(); ++k)
        permission_rules(ctx, r, fmt::format("/{}/{}", key, k), id, (*ps)[k], groups, *list);
    }
    if (const auto it = flat.find(id); it != flat.end()) {
      inbound = std::move(it->second.first);
      outbound = std::move(it->second.second);
    }
    out["inbound"] = std::move(inbound);
    out["outbound"] = std::move(outbound);
    ctx.add("security_groups", std::move(out), r);
  }
}

}  // namespace vpcsim::load::aws
