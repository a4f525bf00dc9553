// The network ACL entry and security group rule grammar (rule_reader.h).

#include "topology/load/rule_reader.h"

#include <cstdint>
#include <string_view>

#include "topology/load/resource_reference.h"

namespace vpcsim::load {
namespace {

// API_CreateNetworkAclEntry
// (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateNetworkAclEntry.html): "If you
// specify protocol "58" (ICMPv6) and specify an IPv6 CIDR block, you must specify an ICMP type and
// code."
constexpr const char* kIcmpTypeExpected =
    "an ICMP type (8 = echo request, 0 = echo reply, -1 = all) for protocol icmp";
constexpr const char* kIcmpv6TypeExpected =
    "an ICMPv6 type (128 = echo request, 129 = echo reply, -1 = all) for protocol icmpv6 with an "
    "IPv6 CIDR block";
bool icmpv6_needs_type(const model::NaclEntry& e, const ObjectReader& r) {
  return e.protocol.number() == net::Protocol::kIcmpv6 && !e.cidr.is_v4() && !r.has("icmp_type") &&
         !r.has("icmp_code");
}

// Ports or ICMP type/code, as the protocol requires (API_CreateNetworkAclEntry,
// API_IpPermission: TCP and UDP need a port range; a NACL's ICMP entry needs a type).
template <class Rule>
void read_ports_or_icmp(ObjectReader& r, Rule& rule, bool nacl) {
  const auto p = rule.protocol;
  if (p.has_ports()) {
    if (auto pr = r.ports("ports", true)) rule.ports = *pr;
    return;
  }
  if (p.is_icmp_family()) {
    const bool given = r.has("icmp_type") || r.has("icmp_code");
    if (!given && nacl && p.number() == net::Protocol::kIcmp) {
      r.missing("icmp_type", kIcmpTypeExpected);
    }
    rule.icmp.type = static_cast<std::int16_t>(r.integer("icmp_type", -1, 255).value_or(-1));
    rule.icmp.code = static_cast<std::int16_t>(r.integer("icmp_code", -1, 255).value_or(-1));
    return;
  }
  // Other protocols: AWS ignores ports; accept and ignore them so copies of AWS output load.
  r.get("ports");
}

}  // namespace

// A network ACL entry (the same grammar in the topology and in timeline changes).
model::NaclEntry read_nacl_entry(ObjectReader& r) {
  model::NaclEntry e;
  // Read as 0-65535; numbers outside 1-32766 in that span are reported where the rule is
  // validated, so the message names the valid range either way.
  if (auto n = r.integer("rule", 0, 65535, true, "a rule number from 1 to 32766"))
    e.rule_number = static_cast<std::uint16_t>(*n);
  if (auto p = r.protocol("protocol", true)) e.protocol = *p;
  read_ports_or_icmp(r, e, true);
  if (auto c = r.prefix("cidr", true)) {
    e.cidr = *c;
    if (icmpv6_needs_type(e, r)) r.missing("icmp_type", kIcmpv6TypeExpected);
  }
  if (auto a = r.choice("action", {"allow", "deny"}, true)) {
    e.action = *a == "allow" ? model::RuleAction::allow : model::RuleAction::deny;
  }
  return e;
}

model::SgRule read_sg_rule(ObjectReader& r, const model::NameIndex& groups,
                           const model::NameIndex& prefix_lists) {
  model::SgRule rule;
  if (auto p = r.protocol("protocol", true)) rule.protocol = *p;
  read_ports_or_icmp(r, rule, false);
  const int peers = int{r.has("cidr")} + int{r.has("group")} + int{r.has("prefix_list")};
  if (peers != 1 && r.is_object()) {
    r.diag().error(r.pointer(),
                   peers == 0 ? "a security group rule needs a peer: \"cidr\", "
                                "\"group\" (a security group) or \"prefix_list\""
                              : "give exactly one of \"cidr\", \"group\" and \"prefix_list\"");
  }
  if (auto c = r.prefix("cidr")) {
    rule.peer.kind = model::SgPeerKind::cidr;
    rule.peer.cidr = *c;
  }
  if (r.has("group")) {
    rule.peer.kind = model::SgPeerKind::security_group;
    rule.peer.group =
        read_reference<model::SgIndex>(r, "group", model::ResourceKind::security_group, groups);
  }
  if (r.has("prefix_list")) {
    rule.peer.kind = model::SgPeerKind::prefix_list;
    rule.peer.prefix_list = read_reference<model::PrefixListIndex>(
        r, "prefix_list", model::ResourceKind::prefix_list, prefix_lists);
  }
  rule.description = r.string("description").value_or("");
  rule.id = r.string("id").value_or("");
  return rule;
}

}  // namespace vpcsim::load
