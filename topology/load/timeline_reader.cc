// Reading a scenario's "timeline" section (timeline_reader.h).

#include "topology/load/timeline_reader.h"

#include <algorithm>
#include <cstdint>

#include <fmt/format.h>

#include "topology/load/resource_reference.h"
#include "topology/load/rule_reader.h"

namespace vpcsim::load {

using model::ResourceKind;

template <class Index>
Index TimelineReader::find(ResourceKind k, ObjectReader& r, std::string_view key) {
  return read_reference<Index>(r, key, k, topo_.names(k));
}

std::vector<model::ConfigChange> TimelineReader::read(const Json& j, const std::string& p) {
  std::vector<model::ConfigChange> out;
  if (!j.is_array()) {
    diag_.error(p, fmt::format("{} is not valid; expected an array of timed changes", show(j)));
    return out;
  }
  for (std::size_t i = 0; i < j.size(); ++i) {
    const auto cp = child_pointer(p, i);
    ObjectReader r(j[i], cp, diag_);
    model::ConfigChange c;
    c.pointer = cp;
    c.at = r.time("at", true).value_or(net::SimTime());
    const bool known = change(r, c);
    r.finish();
    if (known) out.push_back(std::move(c));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.at < b.at; });
  return out;
}

bool TimelineReader::change(ObjectReader& r, model::ConfigChange& c) {
  const auto action = r.choice("action",
                               {"authorize_sg_rule", "revoke_sg_rule", "replace_nacl_entry",
                                "delete_nacl_entry", "associate_nacl", "delete_nat_gateway"},
                               true);
  if (!action) return false;
  if (*action == "authorize_sg_rule" || *action == "revoke_sg_rule") {
    sg_rule_change(r, *action, c);
  } else if (*action == "replace_nacl_entry" || *action == "delete_nacl_entry") {
    nacl_entry_change(r, *action, c);
  } else if (*action == "associate_nacl") {
    associate_nacl(r, c);
  } else {
    c.kind = model::ChangeKind::delete_nat_gateway;
    c.nat_gateway = find<model::NatIndex>(ResourceKind::nat_gateway, r, "nat_gateway");
  }
  return true;
}

void TimelineReader::sg_rule_change(ObjectReader& r, const std::string& action,
                                    model::ConfigChange& c) {
  c.kind = action == "authorize_sg_rule" ? model::ChangeKind::authorize_sg_rule
                                         : model::ChangeKind::revoke_sg_rule;
  c.security_group = find<model::SgIndex>(ResourceKind::security_group, r, "security_group");
  c.direction = direction(r);
  if (const Json* rule = r.get("rule")) {
    c.sg_rule = sg_rule(*rule, r.pointer("rule"));
  } else {
    r.missing("rule",
              "a security group rule {\"protocol\": …, \"ports\": …, \"cidr\"|\"group\": …}");
  }
}

void TimelineReader::nacl_entry_change(ObjectReader& r, const std::string& action,
                                       model::ConfigChange& c) {
  c.kind = action == "replace_nacl_entry" ? model::ChangeKind::replace_nacl_entry
                                          : model::ChangeKind::delete_nacl_entry;
  c.network_acl = find<model::NaclIndex>(ResourceKind::network_acl, r, "network_acl");
  c.direction = direction(r);
  if (c.kind == model::ChangeKind::delete_nacl_entry) {
    if (auto n = r.integer("rule", 1, 32766, true))
      c.nacl_entry.rule_number = static_cast<std::uint16_t>(*n);
  } else if (const Json* e = r.get("entry")) {
    c.nacl_entry = nacl_entry(*e, r.pointer("entry"));
  } else {
    r.missing("entry",
              "a network ACL entry {\"rule\": …, \"protocol\": …, \"cidr\": …, \"action\": …}");
  }
}

void TimelineReader::associate_nacl(ObjectReader& r, model::ConfigChange& c) {
  c.kind = model::ChangeKind::associate_nacl;
  c.subnet = find<model::SubnetIndex>(ResourceKind::subnet, r, "subnet");
  c.network_acl = find<model::NaclIndex>(ResourceKind::network_acl, r, "network_acl");
  if (c.subnet.valid() && c.network_acl.valid() &&
      topo_.subnet(c.subnet).vpc != topo_.network_acl(c.network_acl).vpc) {
    diag_.error(r.pointer("network_acl"),
                fmt::format("network ACL {} is not in the VPC of subnet {}",
                            topo_.network_acl(c.network_acl).id, topo_.subnet(c.subnet).id));
  }
}

model::Direction TimelineReader::direction(ObjectReader& r) {
  const auto d = r.choice("direction", {"inbound", "outbound"}, true);
  return d && *d == "outbound" ? model::Direction::outbound : model::Direction::inbound;
}

// Names in the rule resolve against the loaded topology.
model::SgRule TimelineReader::sg_rule(const Json& j, const std::string& p) {
  ObjectReader r(j, p, diag_);
  auto rule = read_sg_rule(r, topo_.names(ResourceKind::security_group),
                           topo_.names(ResourceKind::prefix_list));
  r.finish();
  return rule;
}

model::NaclEntry TimelineReader::nacl_entry(const Json& j, const std::string& p) {
  ObjectReader r(j, p, diag_);
  auto e = read_nacl_entry(r);
  if (e.rule_number < 1 || e.rule_number > 32766) {
    diag_.error(
        r.pointer("rule"),
        fmt::format("{} is not a valid rule number; expected 1 to 32766 (32767 and above are "
                    "reserved for the * rule)",
                    e.rule_number));
  }
  r.finish();
  return e;
}

}  // namespace vpcsim::load
